import { z } from 'zod';
import { MAX_PANEL_WINDOW_MS, PANEL_TYPES, parseDuration, type Dashboard } from '../protocol';
import { topicNameSchema } from '../feeds/feed-schema';

const panelSchema = z.strictObject({
  topic: topicNameSchema,
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
