import { setRoom, topicOfRoom } from './rooms';
import type { LivewallSocket } from './types';

/** One distinct set of topics some sockets subscribe to exactly. */
export interface SubscriptionSet {
  readonly room: string;
  readonly topics: readonly string[];
  members: number;
}

/**
 * Groups sockets by their exact set of topics, so a flush builds and encodes one batch per
 * set: a hundred TVs on the same dashboard cost one encode. A socket's set is derived from
 * the topic rooms it is in, which stay the truth of who gets what.
 */
export interface SubscriptionSets {
  /** Moves a socket to the set room of its current topic rooms (none when it has no topics). */
  update(socket: LivewallSocket): void;
  /** Forgets a socket that disconnected. */
  remove(socket: LivewallSocket): void;
  /** The sets with members that include `topic`. */
  withTopic(topic: string): Iterable<SubscriptionSet>;
  /** How many distinct sets have members. */
  readonly size: number;
}

export function createSubscriptionSets(): SubscriptionSets {
  const byKey = new Map<string, SubscriptionSet & { key: string }>();
  const byTopic = new Map<string, Set<SubscriptionSet & { key: string }>>();
  const keyOf = new Map<string, string>();
  let nextId = 1;

  const leave = (socket: LivewallSocket): void => {
    const key = keyOf.get(socket.id);
    if (key === undefined) return;
    keyOf.delete(socket.id);
    const set = byKey.get(key);
    if (!set) return;
    void socket.leave(set.room);
    set.members -= 1;
    if (set.members > 0) return;
    byKey.delete(key);
    for (const topic of set.topics) {
      const sets = byTopic.get(topic);
      sets?.delete(set);
      if (sets?.size === 0) byTopic.delete(topic);
    }
  };

  return {
    update(socket) {
      const topics = [...subscribedTopics(socket)].sort();
      // Topic names hold no newline, so this key names exactly one set.
      const key = topics.join('\n');
      if (keyOf.get(socket.id) === key) return;
      leave(socket);
      if (topics.length === 0) return;
      let set = byKey.get(key);
      if (!set) {
        set = { key, room: setRoom(nextId++), topics, members: 0 };
        byKey.set(key, set);
        for (const topic of topics) {
          let sets = byTopic.get(topic);
          if (!sets) byTopic.set(topic, (sets = new Set()));
          sets.add(set);
        }
      }
      set.members += 1;
      keyOf.set(socket.id, key);
      void socket.join(set.room);
    },
    remove: leave,
    withTopic: (topic) => byTopic.get(topic) ?? [],
    get size() {
      return byKey.size;
    },
  };
}

/** The topics a socket is subscribed to: those whose rooms it is in. */
export function subscribedTopics(socket: LivewallSocket): Set<string> {
  const topics = new Set<string>();
  for (const room of socket.rooms) {
    const topic = topicOfRoom(room);
    if (topic !== undefined) topics.add(topic);
  }
  return topics;
}
