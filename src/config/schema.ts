import { z } from 'zod';
import { FEED_KIND_SCHEMAS } from '../feeds/registry';
import { historyLimitsSchema } from '../hub/history-limits';
import { dashboardSchema } from './dashboard-schema';

/**
 * The config file's schema. It is the single source of truth: `Config` is inferred
 * from it, defaults live in it, and `config/schema.json` is generated from it.
 * Each feed kind brings its own schema (`src/feeds/<kind>/schema.ts`); this composes them.
 * What one field cannot check (unique names, panels naming real topics and fields) is
 * checked after parsing, in `references.ts`.
 */

const serverSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65_535).default(3000),
  history: historyLimitsSchema.prefault({}),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  timeZone: z
    .string()
    .refine(isTimeZone, 'must be an IANA time zone such as "Europe/Berlin"')
    .optional()
    .describe('The wall clock\'s time zone; the browser\'s by default.'),
});

export const feedSchema = z.discriminatedUnion('kind', FEED_KIND_SCHEMAS);

export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  server: serverSchema.prefault({}),
  feeds: z.array(feedSchema).min(1).max(1_000),
  dashboards: z.array(dashboardSchema).default([]),
});

export type Config = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
export type DashboardConfig = Config['dashboards'][number];
export type PanelConfig = DashboardConfig['panels'][number];

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
