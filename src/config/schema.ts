import { z } from 'zod';
import { FEED_KIND_SCHEMAS } from '../feeds/registry';
import { dashboardSchema } from './dashboard-schema';
import { serverSchema } from './server-schema';
import { storageSchema } from '../store/storage-config';
import { clusterSchema } from '../cluster/cluster-config';

/**
 * The config file's schema. It is the single source of truth: `Config` is inferred
 * from it, defaults live in it, and `config/schema.json` is generated from it.
 * Each feed kind brings its own schema (`src/feeds/<kind>/schema.ts`); this composes them.
 * What one field cannot check (unique names, panels naming real topics and fields) is
 * checked after parsing, in `references.ts`.
 */

export const feedSchema = z.discriminatedUnion('kind', FEED_KIND_SCHEMAS);

export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  server: serverSchema.prefault({}),
  storage: storageSchema,
  cluster: clusterSchema,
  feeds: z.array(feedSchema).min(1).max(1_000),
  dashboards: z.array(dashboardSchema).default([]),
});

export type Config = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
export type DashboardConfig = Config['dashboards'][number];
export type PanelConfig = DashboardConfig['panels'][number];
export type ServerConfig = Config['server'];
export type Limits = ServerConfig['limits'];
export type ViewerTokenConfig = ServerConfig['viewerTokens'][number];
