import type { z } from 'zod';
import type { FieldMeta } from '../protocol';
import type { Feed } from './feed';
import type { FeedDependencies, FeedKind, FeedKindSchema } from './feed-kind';
import { httpKind } from './http';
import { mqttKind } from './mqtt';
import { pushKind } from './push';
import { sensorKind } from './sensor';
import { stockKind } from './stock';
import { systemKind } from './system';

/** Every feed kind. Adding a kind is its folder plus one line here. */
const FEED_KINDS = [systemKind, stockKind, sensorKind, pushKind, httpKind, mqttKind] as const;

type Kinds = typeof FEED_KINDS;
type SchemaOf<K> = K extends FeedKind<infer S> ? S : never;
// Mapped over a type parameter, so a tuple stays a tuple.
type SchemasOf<T extends readonly unknown[]> = { readonly [K in keyof T]: SchemaOf<T[K]> };

/** Each kind's config schema, in registry order: `config/` composes them into the feeds' union. */
export const FEED_KIND_SCHEMAS = FEED_KINDS.map((kind) => kind.schema) as unknown as SchemasOf<Kinds>;

/** A feed's config, of any kind, defaults applied. */
export type FeedConfig = z.output<SchemaOf<Kinds[number]>>;

const BY_NAME = new Map<string, FeedKind>(FEED_KINDS.map((kind) => [kind.schema.shape.kind.value, kind as unknown as FeedKind]));

function kindOf(config: FeedConfig): FeedKind<FeedKindSchema> {
  const kind = BY_NAME.get(config.kind);
  if (!kind) throw new Error(`no feed kind "${config.kind}"`);
  return kind;
}

/** The fields a configured feed publishes, known before it runs. */
export function fieldsOf(config: FeedConfig): FieldMeta[] {
  return kindOf(config).fields(config);
}

/** Whether a configured feed publishes (or may publish, once it runs) this topic. */
export function publishesTopic(config: FeedConfig, topic: string): boolean {
  const kind = kindOf(config);
  return kind.publishes ? kind.publishes(config, topic) : config.topic === topic;
}

/**
 * Every topic a configured feed may publish, as a topic glob: its `topic`, or (a kind whose
 * topics appear at run time) a glob such as `greenhouse.*`.
 */
export function topicGlobOf(config: FeedConfig): string {
  return kindOf(config).topicGlob?.(config) ?? config.topic;
}

/** Whether a feed reads the machine it runs on (see `FeedKind.scope`): in a cluster, every node runs it. */
export function isPerHost(config: FeedConfig): boolean {
  return kindOf(config).scope === 'host';
}

/** Builds the feed a config entry declares. */
export function createFeed(config: FeedConfig, deps: FeedDependencies): Feed {
  return kindOf(config).create(config, deps);
}
