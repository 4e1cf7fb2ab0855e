const MAX_ECHOED = 64;

/** A name a client sent, cut short for an answer: a 10 KB topic name is not worth echoing. */
export function echoName(name: string): string {
  return name.length > MAX_ECHOED ? `${name.slice(0, MAX_ECHOED)}…` : name;
}
