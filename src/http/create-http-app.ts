import path from 'node:path';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { LiveConfig } from '../config/live-config';
import type { PushRouter } from '../feeds/feed-runner';
import type { Hub } from '../hub/hub';
import type { Metrics } from '../metrics/metrics';
import { createApiRoutes } from './api-routes';
import { apiNotFound, createErrorHandler } from './error-handler';
import { createHealthRoute } from './health-route';
import { createMetricsRoute } from './metrics-route';
import { notFoundPage } from './not-found';
import { originGuard } from './origin-guard';
import { createPushRoute } from './push-route';
import { createReadyRoute, type Readiness } from './ready-route';
import { securityHeaders } from './security-headers';
import { viewerScope } from './viewer-scope';

export interface HttpAppOptions {
  hub: Hub;
  config: LiveConfig;
  /** Where pushes go. */
  push: PushRouter;
  metrics: Pick<Metrics, 'registry'>;
  ready: () => Readiness;
  log: Logger;
  build: string;
  /** The built wall display (`dist/web`); no static files when absent. */
  webRoot?: string;
}

/** The express app: health, readiness and metrics, the JSON API (push included), and the wall display's static files. */
export function createHttpApp({ hub, config, push, metrics, ready, log, build, webRoot }: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders());
  app.get('/healthz', createHealthRoute(hub, config, build, Date.now(), () => ready().storage));
  app.get('/readyz', createReadyRoute(ready));
  app.get('/metrics', createMetricsRoute(metrics));
  const current = () => config.current;
  app.use('/api', originGuard(() => current().server.allowedOrigins));
  // Pushes carry their topic's own token; everything else under /api is for viewers.
  app.use('/api', createPushRoute(push), viewerScope(current), createApiRoutes(hub, config, build), apiNotFound);
  if (webRoot) {
    // Source maps hold the whole source of the wall: served only when asked for.
    app.use((req, res, next) => (req.path.endsWith('.map') && !current().server.sourceMaps ? notFoundPage(req, res, next) : next()));
    app.use(express.static(webRoot, { index: 'index.html', maxAge: 0 }));
    // The wall display routes in the browser: every page is the same document.
    const page = path.resolve(webRoot, 'index.html');
    app.get(['/d/:id', '/dashboards'], (_req, res) => res.sendFile(page));
  }
  app.use(notFoundPage);
  app.use(createErrorHandler(log));
  return app;
}
