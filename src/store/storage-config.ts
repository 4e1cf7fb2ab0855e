import { z } from 'zod';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Where history is kept beyond the in-memory ring, and for how long per tier. `false` keeps
 * everything in memory, as before the store: history then starts afresh at every restart.
 */
export const storageSchema = z
  .union([
    z.literal(false),
    z.strictObject({
      path: z.string().min(1).default('./data/livewall.db').describe('The SQLite file, relative to the working directory; its folder is created.'),
      rawRetentionMs: z.number().int().min(60_000).max(30 * DAY_MS).default(HOUR_MS).describe('How long every sample is kept.'),
      minuteRetentionMs: z.number().int().min(HOUR_MS).max(366 * DAY_MS).default(2 * DAY_MS).describe('How long 1-minute roll-ups (min, max, mean, last) are kept.'),
      hourRetentionMs: z.number().int().min(DAY_MS).max(10 * 366 * DAY_MS).default(90 * DAY_MS).describe('How long 1-hour roll-ups are kept.'),
      maxBytes: z
        .number()
        .int()
        .min(1024 * 1024)
        .optional()
        .describe('A cap on the file\'s size; past it writes stop as on a full disk (the live path goes on, /readyz and /metrics say so).'),
      flushIntervalMs: z
        .number()
        .int()
        .min(100)
        .max(10_000)
        .default(1_000)
        .describe('Samples are written in one transaction this often; a crash loses at most this much.'),
    }),
  ])
  .prefault({})
  .describe('History on disk: raw samples and roll-ups, surviving restarts. false keeps it in memory only.');

export type StorageConfig = Exclude<z.output<typeof storageSchema>, false>;
