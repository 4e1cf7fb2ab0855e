import path from 'node:path';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config/schema';
import type { Hub } from '../hub/hub';
import { createApiRoutes } from './api-routes';
import { apiNotFound, createErrorHandler } from './error-handler';
import { createHealthRoute } from './health-route';

export interface HttpAppOptions {
  hub: Hub;
  config: Config;
  log: Logger;
  build: string;
  /** The built wall display (`dist/web`); no static files when absent. */
  webRoot?: string;
}

/** The express app: health, JSON API, and the wall display's static files. */
export function createHttpApp({ hub, config, log, build, webRoot }: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', createHealthRoute(hub, build, Date.now()));
  app.use('/api', createApiRoutes(hub, config, build), apiNotFound);
  if (webRoot) {
    app.use(express.static(webRoot, { index: 'index.html', maxAge: 0 }));
    // The wall display routes in the browser: every page is the same document.
    const page = path.resolve(webRoot, 'index.html');
    app.get(['/d/:id', '/dashboards'], (_req, res) => res.sendFile(page));
  }
  app.use(createErrorHandler(log));
  return app;
}
