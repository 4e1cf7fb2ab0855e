import { topicGlobRegExp } from '../protocol';
import type { LivewallSocket } from './types';

/**
 * The topic globs each socket subscribed to (`subscribe`'s `patterns`), so a topic that
 * appears later can join the sockets whose globs match it. Kept apart from the topic rooms:
 * a glob is a standing request, not a room.
 */
export interface PatternSubscriptions {
  /** Adds globs to a socket's; returns those it did not hold already. */
  add(socket: LivewallSocket, globs: readonly string[]): string[];
  /** Drops globs from a socket's. */
  remove(socket: LivewallSocket, globs: readonly string[]): void;
  /** Forgets a socket that disconnected. */
  forget(socket: LivewallSocket): void;
  /** The globs a socket holds. */
  of(socket: LivewallSocket): string[];
  /** Each socket with a glob that matches `topic`, with the first such glob. */
  matching(topic: string): Generator<[LivewallSocket, string]>;
}

export function createPatternSubscriptions(): PatternSubscriptions {
  const bySocket = new Map<string, { socket: LivewallSocket; globs: Map<string, RegExp> }>();
  const firstMatch = (globs: ReadonlyMap<string, RegExp>, topic: string): string | undefined => {
    for (const [glob, regexp] of globs) if (regexp.test(topic)) return glob;
    return undefined;
  };
  return {
    add(socket, globs) {
      let entry = bySocket.get(socket.id);
      if (!entry) bySocket.set(socket.id, (entry = { socket, globs: new Map() }));
      const added = globs.filter((glob) => !entry.globs.has(glob));
      for (const glob of added) entry.globs.set(glob, topicGlobRegExp(glob));
      return [...new Set(added)];
    },
    remove(socket, globs) {
      const entry = bySocket.get(socket.id);
      if (!entry) return;
      for (const glob of globs) entry.globs.delete(glob);
      if (entry.globs.size === 0) bySocket.delete(socket.id);
    },
    forget: (socket) => void bySocket.delete(socket.id),
    of: (socket) => [...(bySocket.get(socket.id)?.globs.keys() ?? [])],
    *matching(topic) {
      for (const { socket, globs } of bySocket.values()) {
        const glob = firstMatch(globs, topic);
        if (glob !== undefined) yield [socket, glob];
      }
    },
  };
}
