import type { Logger } from 'pino';
import type { z } from 'zod';
import type { FieldMeta } from '../protocol';
import type { Feed } from './feed';
import type { SystemInfo } from './system/system-info';

/** What the app hands every feed factory. A kind takes what it needs. */
export interface FeedDependencies {
  log: Logger;
  /** Where system stats come from: the real machine, or captured fixtures in tests. */
  systemInfo: SystemInfo;
  /**
   * Topics the feed may publish that are known already: those the dashboards name, and, after
   * a reload that changed the feed, those it published before. A feed whose topics appear at
   * run time declares these at once, so panels have them from the start and a restart keeps
   * their history and viewers.
   */
  knownTopics: ReadonlySet<string>;
}

/** A kind's config schema: a strict object whose `kind` is a literal, so kinds compose into a discriminated union. */
export type FeedKindSchema = z.ZodObject<{ kind: z.ZodLiteral<string>; topic: z.ZodType<string> }>;

/**
 * One kind of feed, from its own folder: the config schema (which is the config's type),
 * the fields it publishes, the topics it may publish, and the factory. `registry.ts` lists
 * every kind; nothing else needs to change to add one.
 */
export interface FeedKind<S extends FeedKindSchema = FeedKindSchema> {
  readonly schema: S;
  /** The fields a configured feed publishes, known before it runs (for checking dashboards). */
  fields(config: z.output<S>): FieldMeta[];
  /**
   * Whether the feed publishes this topic. Without it, just its `topic`; a kind whose topics
   * appear at run time (MQTT with wildcards) says which names it could publish.
   */
  publishes?(config: z.output<S>, topic: string): boolean;
  /**
   * With `publishes`: every name it could publish, as a topic glob (`greenhouse.*`), so the
   * config check can tell whether a panel's glob may ever match one of its topics.
   */
  topicGlob?(config: z.output<S>): string;
  create(config: z.output<S>, deps: FeedDependencies): Feed;
  /**
   * `host` when what it reads belongs to the machine it runs on (system stats): in a cluster
   * every node runs it, under topics named by node. Otherwise (the default) `shared`: one node
   * at a time runs it for all.
   */
  readonly scope?: 'host' | 'shared';
}

/** Declares a kind, checking it against the contract while keeping its exact schema type. */
export function defineFeedKind<S extends FeedKindSchema>(kind: FeedKind<S>): FeedKind<S> {
  return kind;
}

