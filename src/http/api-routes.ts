import { Router } from 'express';
import { z } from 'zod';
import type { LiveConfig } from '../config/live-config';
import { ERROR_CODES, LivewallError } from '../errors';
import type { Hub } from '../hub/hub';
import { MAX_RANGE_POINTS, type DashboardsResponse, type HistoryRangeResponse, type HistoryResponse, type TopicsResponse } from '../protocol';
import { mayShowDashboard, mayShowTopic } from '../security/viewer-tokens';
import { echoName } from '../validation/echo-name';
import { parseRequest } from '../validation/parse';
import { scopeOf } from './viewer-scope';

/** Samples one history page holds at most; also the default. */
export const MAX_HISTORY_PAGE = 1_000;

const wholeNumber = z.string().regex(/^\d{1,15}$/, 'must be a whole number').transform(Number);
const historyQuerySchema = z
  .strictObject({
    since: wholeNumber.optional(),
    before: wholeNumber.optional(),
    limit: wholeNumber.pipe(z.number().min(1).max(MAX_HISTORY_PAGE)).optional(),
    from: wholeNumber.optional().describe('epoch ms'),
    to: wholeNumber.optional().describe('epoch ms'),
    step: wholeNumber.optional().describe('ms'),
  })
  .refine((query) => query.since === undefined || query.before === undefined, 'give since or before, not both')
  .refine((query) => query.from === undefined || (query.since === undefined && query.before === undefined), 'give a time range (from, to, step) or a seq (since, before), not both')
  .refine((query) => query.from === undefined || query.to === undefined || query.from < query.to, 'from must be before to');

/** The JSON API: dashboards, topics with their metadata and status, and a topic's history. */
export function createApiRoutes(hub: Hub, config: LiveConfig, build: string): Router {
  const router = Router();

  // What the wall display needs to lay itself out; read anew each time, so a reload shows at once.
  router.get('/dashboards', (req, res) => {
    const { current, state } = config;
    const scope = scopeOf(req, res);
    const dashboards = current.dashboards.filter((dashboard) => mayShowDashboard(scope, dashboard.id));
    res.json({ build, timeZone: current.server.timeZone ?? null, config: state, dashboards } satisfies DashboardsResponse);
  });

  router.get('/topics', (req, res) => {
    const scope = scopeOf(req, res);
    const topics = hub.list().filter((topic) => mayShowTopic(scope, topic.meta.topic));
    res.json({ epoch: hub.epoch, topics: topics.map((topic) => topic.info) } satisfies TopicsResponse);
  });

  /**
   * A topic's history, a page at a time: the newest `limit` samples; with `since`, the first
   * `limit` after it (`recovered` as in a subscribe ack); with `before`, the newest `limit`
   * older than it. `more` says there is another page in that direction. With `from`/`to`/`step`
   * instead, a time range from the store's tiers (see `HistoryRangeResponse`).
   */
  router.get('/topics/:topic/history', (req, res) => {
    const topic = hub.get(req.params.topic);
    if (!topic || !mayShowTopic(scopeOf(req, res), topic.meta.topic)) {
      throw new LivewallError(ERROR_CODES.TOPIC_UNKNOWN, `unknown topic "${echoName(req.params.topic)}"`);
    }
    const query = parseRequest(historyQuerySchema, req.query);
    if (query.from !== undefined || query.to !== undefined || query.step !== undefined) {
      // A time range, from the store's tiers: the last hour when only part of it is given.
      const to = query.to ?? Date.now();
      const from = query.from ?? to - 3_600_000;
      const range = hub.range(topic.meta.topic, from, to, query.step ?? 0, MAX_RANGE_POINTS);
      res.json({ topic: topic.meta.topic, epoch: hub.epoch, from, to, ...range } satisfies HistoryRangeResponse);
      return;
    }
    const limit = query.limit ?? MAX_HISTORY_PAGE;
    const { history, recovered } = hub.backfill(topic.meta.topic, query.since);
    let samples = history;
    let more = false;
    if (recovered) {
      more = samples.length > limit;
      samples = samples.slice(0, limit);
    } else {
      if (query.before !== undefined) samples = samples.filter((sample) => sample.seq < (query.before as number));
      more = samples.length > limit;
      samples = samples.slice(-limit);
    }
    res.json({ topic: topic.meta.topic, epoch: hub.epoch, recovered, samples, more } satisfies HistoryResponse);
  });

  return router;
}
