import type { Request, Response } from 'express';
import type { Hub } from '../hub/hub';

/**
 * `GET /healthz`: 200 while the process serves. Feed trouble is reported, not
 * failed on: a dead stock feed is no reason for an orchestrator to restart the wall.
 */
export function createHealthRoute(hub: Hub, build: string, startedAt: number) {
  return (_req: Request, res: Response): void => {
    const topics = hub.list();
    res.json({
      status: 'ok',
      build,
      uptimeSec: Math.round((Date.now() - startedAt) / 1000),
      topics: topics.length,
      failingTopics: topics.filter((topic) => topic.status.state === 'error').map((topic) => topic.meta.topic),
    });
  };
}
