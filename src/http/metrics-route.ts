import type { Request, Response } from 'express';
import type { Metrics } from '../metrics/metrics';

/** `GET /metrics`: Prometheus' text format. */
export function createMetricsRoute(metrics: Pick<Metrics, 'registry'>) {
  return async (_req: Request, res: Response): Promise<void> => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  };
}
