/**
 * Every Socket.IO room name, spelt here and nowhere else.
 *
 * - `topic:<name>`: the sockets subscribed to a topic. The truth of who gets what; status
 *   events go here.
 * - `set:<id>`: the sockets whose subscriptions are exactly one set of topics, derived from
 *   their topic rooms (see `subscription-sets.ts`). Sample batches go here, so a batch is
 *   encoded once per set, not once per socket.
 * - `slow`: sockets whose buffers are full; batches skip them until they drain.
 */
const TOPIC_PREFIX = 'topic:';

export function topicRoom(topic: string): string {
  return `${TOPIC_PREFIX}${topic}`;
}

/** The topic of a topic room, or undefined for any other room (a socket's own id, a set room). */
export function topicOfRoom(room: string): string | undefined {
  return room.startsWith(TOPIC_PREFIX) ? room.slice(TOPIC_PREFIX.length) : undefined;
}

export function setRoom(id: number): string {
  return `set:${id}`;
}

export const SLOW_ROOM = 'slow';
