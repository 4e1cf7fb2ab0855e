import path from 'node:path';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { LiveConfig } from '../config/live-config';
import type { FeedRunner } from '../feeds/feed-runner';
import type { Hub } from '../hub/hub';
import { createApiRoutes } from './api-routes';
import { apiNotFound, createErrorHandler } from './error-handler';
import { createHealthRoute } from './health-route';
import { createPushRoute } from './push-route';

export interface HttpAppOptions {
  hub: Hub;
  config: LiveConfig;
  feeds: Pick<FeedRunner, 'push'>;
  log: Logger;
  build: string;
  /** The built wall display (`dist/web`); no static files when absent. */
  webRoot?: string;
}

/** The express app: health, JSON API (push included), and the wall display's static files. */
export function createHttpApp({ hub, config, feeds, log, build, webRoot }: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', createHealthRoute(hub, config, build, Date.now()));
  app.use('/api', createApiRoutes(hub, config, build), createPushRoute(feeds), apiNotFound);
  if (webRoot) {
    app.use(express.static(webRoot, { index: 'index.html', maxAge: 0 }));
    // The wall display routes in the browser: every page is the same document.
    const page = path.resolve(webRoot, 'index.html');
    app.get(['/d/:id', '/dashboards'], (_req, res) => res.sendFile(page));
  }
  app.use(createErrorHandler(log));
  return app;
}
