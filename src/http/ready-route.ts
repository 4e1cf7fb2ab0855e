import type { Request, Response } from 'express';

/**
 * `GET /readyz`: 200 once the feeds have started and the server takes viewers, 503 before and
 * while shutting down, so a load balancer sends walls only to a node that can serve them.
 */
export function createReadyRoute(ready: () => { ready: boolean; reason?: string }) {
  return (_req: Request, res: Response): void => {
    const state = ready();
    res.status(state.ready ? 200 : 503).json(state.ready ? { status: 'ready' } : { status: 'not ready', reason: state.reason ?? 'starting' });
  };
}
