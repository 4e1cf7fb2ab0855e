import { z } from 'zod';
import { isTopicGlob, MAX_PANEL_WINDOW_MS, MULTI_TOPIC_PANEL_TYPES, PANEL_TYPES, parseDuration, topicGlobProblem, type Dashboard, type PanelType } from '../protocol';
import { topicNameSchema } from '../feeds/feed-schema';

/** The most names and globs one panel's `topics` may list. */
const MAX_PANEL_TOPICS = 64;

/** One entry of a panel's `topics`: a topic name, or a glob such as `"greenhouse.*"`. */
const topicEntrySchema = z
  .string()
  .superRefine((entry, ctx) => {
    const problem = isTopicGlob(entry) ? topicGlobProblem(entry) : topicNameSchema.safeParse(entry).success ? undefined : 'must be a topic name, or a glob such as "greenhouse.*"';
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  });

const panelObjectSchema = z.strictObject({
  topic: topicNameSchema.optional().describe('The topic it shows. Every type but "text" names one, or ("table", "status") "topics" instead.'),
  topics: z
    .array(topicEntrySchema)
    .min(1)
    .max(MAX_PANEL_TOPICS)
    .optional()
    .describe('"table" and "status": the topics it shows, by name or glob ("greenhouse.*": "*" within a word, "**" across words). Topics that appear later and match join it live.'),
  type: z.enum(PANEL_TYPES).default('line'),
  title: z.string().min(1).max(200).optional(),
  fields: z.array(z.string().min(1)).min(1).optional().describe('Fields to plot; all of the topic\'s by default.'),
  windowSec: z.number().int().min(10).max(86_400).default(300).describe('How much time the chart shows.'),
  window: z
    .string()
    .regex(/^\d{1,9}(s|m|h|d)$/, 'must be a number and a unit, such as "90m", "24h" or "7d"')
    .refine((text) => {
      const ms = parseDuration(text);
      return ms !== undefined && ms >= 10_000 && ms <= MAX_PANEL_WINDOW_MS;
    }, 'must be from 10s to 90d')
    .optional()
    .describe('A longer span than windowSec, such as "24h" or "7d" (overrides it): the history store\'s roll-ups with the live line joined on.'),
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
  text: z.string().min(1).max(2_000).optional().describe('"text": the paragraph it shows, as plain text.'),
  sortBy: z.string().min(1).max(64).optional().describe('"table": the field to sort rows by, or "title".'),
  sortOrder: z.enum(['asc', 'desc']).optional().describe('"table": largest first for a field, A to Z for "title", by default.'),
  limit: z.number().int().min(1).max(1_000).optional().describe('"table": at most this many rows, after sorting.'),
});

const isMultiTopic = (type: PanelType): boolean => (MULTI_TOPIC_PANEL_TYPES as readonly PanelType[]).includes(type);

/** What each type needs of the keys above, which one key's schema cannot tell. */
const panelSchema = panelObjectSchema.superRefine((panel, ctx) => {
  const problem = (path: string, message: string): void => ctx.addIssue({ code: 'custom', path: [path], message });
  if (panel.type === 'text') {
    if (panel.text === undefined) problem('text', 'a "text" panel needs "text", the paragraph it shows');
    if (panel.topic !== undefined || panel.topics !== undefined) problem(panel.topic === undefined ? 'topics' : 'topic', 'a "text" panel shows no topic');
  } else if (isMultiTopic(panel.type)) {
    if (panel.topic === undefined && panel.topics === undefined) problem('topic', `a "${panel.type}" panel needs "topic" or "topics"`);
    if (panel.topic !== undefined && panel.topics !== undefined) problem('topics', 'give "topic" or "topics", not both');
  } else {
    if (panel.topic === undefined) problem('topic', `a "${panel.type}" panel needs "topic"`);
    if (panel.topics !== undefined) problem('topics', `"topics" is for "table" and "status" panels; a "${panel.type}" panel shows one "topic"`);
  }
  if (panel.type !== 'text' && panel.text !== undefined) problem('text', '"text" is for "text" panels');
  if (panel.type === 'gauge') {
    if (panel.min === undefined) problem('min', 'a "gauge" panel needs "min", where its arc starts');
    if (panel.max === undefined) problem('max', 'a "gauge" panel needs "max", where its arc ends');
    if (panel.min !== undefined && panel.max !== undefined && panel.min >= panel.max) problem('max', `must be more than "min" (${panel.min})`);
  }
  if (panel.type !== 'table') {
    for (const key of ['sortBy', 'sortOrder', 'limit'] as const) if (panel[key] !== undefined) problem(key, `"${key}" is for "table" panels`);
  }
});

/** A dashboard in the config. Its output is the wire's `Dashboard` (checked below), sent as is to walls. */
export const dashboardSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and "-"').max(64),
  title: z.string().min(1).max(200),
  columns: z.number().int().min(1).max(12).optional().describe('Grid columns; chosen from the panel count by default.'),
  panels: z.array(panelSchema).min(1).max(64),
});

// The config's dashboards are what walls receive: a schema change that breaks the wire type fails to compile here.
export const asWireDashboard = (dashboard: z.output<typeof dashboardSchema>): Dashboard => dashboard;
