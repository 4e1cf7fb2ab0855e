import { z } from 'zod';
import { fieldsOf } from '../feeds/fields';
import { MAX_TOPIC_LENGTH, TOPIC_PATTERN } from '../protocol/limits';

/**
 * The config file's schema. It is the single source of truth: `Config` is inferred
 * from it, defaults live in it, and `config/schema.json` is generated from it.
 */

const topicName = z
  .string()
  .max(MAX_TOPIC_LENGTH)
  .regex(TOPIC_PATTERN, 'must be dot-separated words of letters, digits, "_" or "-", such as "stocks.ACME"');

const historySchema = z
  .strictObject({
    maxSamples: z.number().int().min(1).max(100_000).default(600).describe('Most samples kept per topic.'),
    maxAgeMs: z
      .number()
      .int()
      .min(1_000)
      .default(15 * 60_000)
      .describe('Samples older than this are dropped from history.'),
  })
  .describe('How much recent history each topic keeps for new and reconnecting viewers.');

const feedCommon = {
  topic: topicName.describe('The topic this feed publishes to; also its Socket.IO room.'),
  title: z.string().min(1).max(200).optional().describe('Shown on panels; defaults to one derived from the topic.'),
  intervalMs: z.number().int().min(100).max(86_400_000).default(1_000).describe('Time from the end of one poll to the start of the next.'),
  timeoutMs: z.number().int().min(100).max(600_000).default(10_000).describe('A poll that takes longer fails and is abandoned.'),
  history: historySchema.partial().optional().describe('Overrides server.history for this topic.'),
};

export const SYSTEM_METRICS = ['cpu', 'memory', 'network', 'disk', 'load', 'temperature'] as const;
export type SystemMetric = (typeof SYSTEM_METRICS)[number];

const systemFeedSchema = z.strictObject({
  kind: z.literal('system'),
  ...feedCommon,
  metric: z.enum(SYSTEM_METRICS).describe('Which group of this machine\'s stats to poll.'),
  mount: z.string().min(1).default('/').describe('For metric "disk": the mount point to report.'),
});

const seed = z.number().int().min(0).max(2 ** 32 - 1).optional().describe('Fixes the random sequence, for repeatable runs.');

const stockFeedSchema = z.strictObject({
  kind: z.literal('stock'),
  ...feedCommon,
  symbol: z.string().min(1).max(16).optional().describe('Ticker shown on panels; defaults to the last word of the topic.'),
  startPrice: z.number().positive().default(100),
  drift: z.number().min(-1).max(1).default(0.0001).describe('Mean log return per tick.'),
  volatility: z.number().min(0).max(1).default(0.002).describe('Standard deviation of the log return per tick.'),
  baseVolume: z.number().int().min(0).default(1_000).describe('Typical shares traded per tick.'),
  seed,
});

const sensorFieldSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be a word of letters, digits and "_"'),
  label: z.string().min(1).optional(),
  unit: z.string().max(16).optional(),
  mean: z.number().describe('The daily average.'),
  amplitude: z.number().default(0).describe('Half the daily swing; negative peaks at night.'),
  peakHour: z.number().min(0).max(24).default(15).describe('Local hour of the daily peak.'),
  noise: z.number().min(0).default(0).describe('Standard deviation of the per-reading noise.'),
  spikeChance: z.number().min(0).max(1).default(0).describe('Chance per reading of a spike.'),
  spikeSize: z.number().default(0).describe('Typical size of a spike.'),
  min: z.number().optional().describe('Readings are clamped to at least this.'),
  max: z.number().optional().describe('Readings are clamped to at most this.'),
});

const sensorFeedSchema = z.strictObject({
  kind: z.literal('sensor'),
  ...feedCommon,
  fields: z.array(sensorFieldSchema).min(1).max(32),
  seed,
});

export const feedSchema = z.discriminatedUnion('kind', [systemFeedSchema, stockFeedSchema, sensorFeedSchema]);

export const PANEL_TYPES = ['line', 'area', 'bar', 'stat'] as const;

const panelSchema = z.strictObject({
  topic: topicName,
  type: z.enum(PANEL_TYPES).default('line'),
  title: z.string().min(1).max(200).optional(),
  fields: z.array(z.string().min(1)).min(1).optional().describe('Fields to plot; all of the topic\'s by default.'),
  windowSec: z.number().int().min(10).max(86_400).default(300).describe('How much time the chart shows.'),
  unit: z.string().max(16).optional(),
  decimals: z.number().int().min(0).max(6).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  thresholds: z
    .strictObject({
      warn: z.number().optional(),
      critical: z.number().optional(),
      direction: z.enum(['above', 'below']).default('above').describe('Whether high or low values are bad.'),
    })
    .optional(),
  span: z
    .strictObject({
      cols: z.number().int().min(1).max(12).default(1),
      rows: z.number().int().min(1).max(12).default(1),
    })
    .optional()
    .describe('How many grid cells the panel covers.'),
});

const dashboardSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and "-"').max(64),
  title: z.string().min(1).max(200),
  columns: z.number().int().min(1).max(12).optional().describe('Grid columns; chosen from the panel count by default.'),
  panels: z.array(panelSchema).min(1).max(64),
});

const serverSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65_535).default(3000),
  history: historySchema.prefault({}),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  timeZone: z
    .string()
    .refine(isTimeZone, 'must be an IANA time zone such as "Europe/Berlin"')
    .optional()
    .describe('The wall clock\'s time zone; the browser\'s by default.'),
});

const configBase = z.strictObject({
  $schema: z.string().optional(),
  server: serverSchema.prefault({}),
  feeds: z.array(feedSchema).min(1).max(1_000),
  dashboards: z.array(dashboardSchema).default([]),
});

export const configSchema = configBase
  .superRefine(checkReferences, { when: () => true })
  .superRefine(checkPanelFields);

export type Config = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
export type FeedConfig = Config['feeds'][number];
export type SystemFeedConfig = Extract<FeedConfig, { kind: 'system' }>;
export type StockFeedConfig = Extract<FeedConfig, { kind: 'stock' }>;
export type SensorFeedConfig = Extract<FeedConfig, { kind: 'sensor' }>;
export type SensorFieldConfig = SensorFeedConfig['fields'][number];
export type HistoryConfig = Config['server']['history'];
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

/**
 * Checks what one field cannot: unique names, and that panels name real topics.
 * It runs even when other fields are invalid, so every problem is listed at once;
 * hence it reads the input defensively.
 */
function checkReferences(config: unknown, ctx: z.RefinementCtx): void {
  const feeds = arrayAt(config, 'feeds');
  const topics = new Set<string>();
  feeds.forEach((feed, i) => {
    const topic = stringAt(feed, 'topic');
    if (topic === undefined) return;
    if (topics.has(topic)) ctx.addIssue({ code: 'custom', path: ['feeds', i, 'topic'], message: `duplicate topic "${topic}"` });
    topics.add(topic);
  });
  const ids = new Set<string>();
  arrayAt(config, 'dashboards').forEach((dashboard, d) => {
    const id = stringAt(dashboard, 'id');
    if (id !== undefined && ids.has(id)) ctx.addIssue({ code: 'custom', path: ['dashboards', d, 'id'], message: `duplicate dashboard id "${id}"` });
    if (id !== undefined) ids.add(id);
    arrayAt(dashboard, 'panels').forEach((panel, p) => {
      const topic = stringAt(panel, 'topic');
      if (topic !== undefined && !topics.has(topic)) {
        ctx.addIssue({ code: 'custom', path: ['dashboards', d, 'panels', p, 'topic'], message: `unknown topic "${topic}": no feed publishes it` });
      }
    });
  });
}

/** Runs once the rest is valid: each panel's fields must be fields its topic publishes. */
function checkPanelFields(config: z.output<typeof configBase>, ctx: z.RefinementCtx): void {
  const fieldsByTopic = new Map(config.feeds.map((feed) => [feed.topic, fieldsOf(feed).map((field) => field.name)]));
  config.dashboards.forEach((dashboard, d) => {
    dashboard.panels.forEach((panel, p) => {
      const known = fieldsByTopic.get(panel.topic) ?? [];
      panel.fields?.forEach((field, f) => {
        if (!known.includes(field)) {
          ctx.addIssue({
            code: 'custom',
            path: ['dashboards', d, 'panels', p, 'fields', f],
            message: `"${panel.topic}" has no field "${field}"; it has ${known.map((k) => `"${k}"`).join(', ')}`,
          });
        }
      });
    });
  });
}

function arrayAt(value: unknown, key: string): unknown[] {
  const child = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return Array.isArray(child) ? child : [];
}

function stringAt(value: unknown, key: string): string | undefined {
  const child = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return typeof child === 'string' ? child : undefined;
}
