import { z } from 'zod';
import { historyLimitsSchema } from '../hub/history-limits';

/** Bounds on everything a client controls. Every one has a default; docs/security.md says why each is what it is. */
const limitsSchema = z
  .strictObject({
    maxConnections: z.number().int().min(1).max(1_000_000).default(10_000).describe('Connections the server holds at once; more are refused.'),
    maxConnectionsPerAddress: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .default(50)
      .describe('Connections from one IP address; behind a proxy that does not pass the client address, the proxy is one address.'),
    maxTopicsPerSocket: z.number().int().min(1).max(100_000).default(500).describe('Topics one connection may be subscribed to.'),
    maxEventsPerSecond: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(20)
      .describe('Requests (subscribe, unsubscribe, publish) one connection may make a second, after a burst of twice as many.'),
    maxAckHistoryBytes: z
      .number()
      .int()
      .min(4_096)
      .max(16 * 1024 * 1024)
      .default(256 * 1024)
      .describe('History one subscribe ack may carry, shared among its topics; the rest is paged through GET /api/topics/:topic/history.'),
    maxViewerBacklogBytes: z
      .number()
      .int()
      .min(16 * 1024)
      .default(1024 * 1024)
      .describe('Unsent bytes a viewer may hold up; past it (or past 64 queued packets) its live samples are dropped until it drains.'),
    slowViewerGraceMs: z
      .number()
      .int()
      .min(1_000)
      .default(30_000)
      .describe('A viewer still over its backlog bound after this long is disconnected; it resumes with `since` when it comes back.'),
  })
  .describe('Bounds on what one client may cost the server.');

const originSchema = z
  .string()
  .refine((origin) => origin === '*' || isOrigin(origin), 'must be an origin such as "https://wall.example.com" (scheme, host and port; no path), or "*"');

const viewerTokenSchema = z
  .strictObject({
    name: z.string().min(1).max(64).optional().describe('Who has it ("lobby TV"), for logs.'),
    token: z.string().min(16).max(1_024).describe('The token; put it in the environment and write "${VARIABLE}" here.'),
    dashboards: z.array(z.string().min(1).max(64)).min(1).optional().describe('Dashboards it may show, and their topics; all when absent.'),
    topics: z.array(z.string().min(1).max(128)).min(1).optional().describe('Further topics it may subscribe to; with neither this nor dashboards, every topic.'),
  })
  .describe('A viewer token: with any configured, every viewer needs one.');

export const serverSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65_535).default(3000),
  history: historyLimitsSchema.prefault({}),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  timeZone: z
    .string()
    .refine(isTimeZone, 'must be an IANA time zone such as "Europe/Berlin"')
    .optional()
    .describe('The wall clock\'s time zone; the browser\'s by default.'),
  allowedOrigins: z
    .array(originSchema)
    .max(100)
    .default([])
    .describe('Browser origins that may connect, besides the server\'s own and localhost\'s; "*" lets any page in.'),
  viewerTokens: z.array(viewerTokenSchema).max(1_000).default([]),
  limits: limitsSchema.prefault({}),
  sourceMaps: z.boolean().default(false).describe('Serve the wall\'s source maps (its whole source); off unless you debug it.'),
});

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}
