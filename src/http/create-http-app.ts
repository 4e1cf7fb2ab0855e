import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { Hub } from '../hub/hub';
import { createApiRoutes } from './api-routes';
import { apiNotFound, createErrorHandler } from './error-handler';
import { createHealthRoute } from './health-route';

export interface HttpAppOptions {
  hub: Hub;
  log: Logger;
  build: string;
  /** The built wall display (`dist/web`); no static files when absent. */
  webRoot?: string;
}

/** The express app: health, JSON API, and the wall display's static files. */
export function createHttpApp({ hub, log, build, webRoot }: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', createHealthRoute(hub, build, Date.now()));
  app.use('/api', createApiRoutes(hub), apiNotFound);
  if (webRoot) app.use(express.static(webRoot, { index: 'index.html', maxAge: 0 }));
  app.use(createErrorHandler(log));
  return app;
}
