import type { Request, Response } from 'express';
import type { LiveConfig } from '../config/live-config';
import type { Hub } from '../hub/hub';
import type { StorageHealth } from './ready-route';

/**
 * `GET /healthz`: 200 while the process serves. Feed and config trouble is reported, not
 * failed on: a dead stock feed or a typo in the config file is no reason for an orchestrator
 * to restart the wall, which keeps running the last good config.
 */
export function createHealthRoute(hub: Hub, config: LiveConfig, build: string, startedAt: number, storage: () => StorageHealth) {
  return (_req: Request, res: Response): void => {
    const topics = hub.list();
    const { ok, problems, version } = config.state;
    res.json({
      status: 'ok',
      build,
      uptimeSec: Math.round((Date.now() - startedAt) / 1000),
      topics: topics.length,
      failingTopics: topics.filter((topic) => topic.status.state === 'error').map((topic) => topic.meta.topic),
      config: { ok, version, file: config.file ?? null, problems },
      storage: storage(),
    });
  };
}
