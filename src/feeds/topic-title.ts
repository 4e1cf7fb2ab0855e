/** The last word of a topic: `stocks.ACME` → `ACME`. */
export function lastWordOf(topic: string): string {
  return topic.slice(topic.lastIndexOf('.') + 1);
}

/** Title-cases the last word of a topic: `sensors.greenhouse` → `Greenhouse`. */
export function titleFromTopic(topic: string): string {
  const last = lastWordOf(topic);
  return last.charAt(0).toUpperCase() + last.slice(1);
}
