import { Router } from 'express';
import { z } from 'zod';
import type { LiveConfig } from '../config/live-config';
import { ERROR_CODES, LivewallError } from '../errors';
import type { Hub } from '../hub/hub';
import type { DashboardsResponse, HistoryResponse, TopicsResponse } from '../protocol';
import { parseRequest } from '../validation/parse';
import { echoName } from '../validation/echo-name';

const historyQuerySchema = z.strictObject({
  since: z.string().regex(/^\d{1,15}$/, 'must be a whole number').transform(Number).optional(),
});

/** The JSON API: dashboards, topics with their metadata and status, and a topic's history. */
export function createApiRoutes(hub: Hub, config: LiveConfig, build: string): Router {
  const router = Router();

  // What the wall display needs to lay itself out; read anew each time, so a reload shows at once.
  router.get('/dashboards', (_req, res) => {
    const { current, state } = config;
    res.json({ build, timeZone: current.server.timeZone ?? null, config: state, dashboards: current.dashboards } satisfies DashboardsResponse);
  });

  router.get('/topics', (_req, res) => {
    res.json({ epoch: hub.epoch, topics: hub.list().map((topic) => topic.info) } satisfies TopicsResponse);
  });

  router.get('/topics/:topic/history', (req, res) => {
    const topic = hub.get(req.params.topic);
    if (!topic) throw new LivewallError(ERROR_CODES.TOPIC_UNKNOWN, `unknown topic "${echoName(req.params.topic)}"`);
    const query = parseRequest(historyQuerySchema, req.query);
    const { history, recovered } = hub.backfill(topic.meta.topic, query.since);
    res.json({ topic: topic.meta.topic, epoch: hub.epoch, recovered, samples: history } satisfies HistoryResponse);
  });

  return router;
}
