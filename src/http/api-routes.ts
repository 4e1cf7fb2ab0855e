import { Router } from 'express';
import { z } from 'zod';
import type { Config } from '../config/schema';
import { ERROR_CODES, LivewallError } from '../errors';
import type { Hub } from '../hub/hub';
import type { DashboardsResponse, HistoryResponse, TopicsResponse } from '../protocol';
import { parseRequest } from '../validation/parse';

const historyQuerySchema = z.strictObject({
  since: z.string().regex(/^\d{1,15}$/, 'must be a whole number').transform(Number).optional(),
});

/** The JSON API: dashboards, topics with their metadata and status, and a topic's history. */
export function createApiRoutes(hub: Hub, config: Config, build: string): Router {
  const router = Router();

  // What the wall display needs to lay itself out.
  router.get('/dashboards', (_req, res) => {
    res.json({ build, timeZone: config.server.timeZone ?? null, dashboards: config.dashboards } satisfies DashboardsResponse);
  });

  router.get('/topics', (_req, res) => {
    res.json({ epoch: hub.epoch, topics: hub.list().map((topic) => topic.info) } satisfies TopicsResponse);
  });

  router.get('/topics/:topic/history', (req, res) => {
    const topic = hub.get(req.params.topic);
    if (!topic) throw new LivewallError(ERROR_CODES.TOPIC_UNKNOWN, `unknown topic "${req.params.topic}"`);
    const query = parseRequest(historyQuerySchema, req.query);
    const { history, recovered } = hub.backfill(topic.meta.topic, query.since);
    res.json({ topic: topic.meta.topic, epoch: hub.epoch, recovered, samples: history } satisfies HistoryResponse);
  });

  return router;
}
