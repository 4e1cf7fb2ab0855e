import type { Request, Response } from 'express';
import type { ClusterHealth } from '../cluster/cluster';
import type { StoreHealth } from '../store/history-store';
import type { StorageState } from '../store/open-store';

/** Where history is kept, and whether writes go through. */
export type StorageHealth = StorageState & { writes?: StoreHealth };

export interface Readiness {
  ready: boolean;
  reason?: string;
  storage: StorageHealth;
  /** In a cluster: this node, whether it reaches Redis, and the feeds it runs. */
  cluster?: ClusterHealth;
}

/**
 * `GET /readyz`: 200 once the feeds have started and the server takes viewers, 503 before and
 * while shutting down, so a load balancer sends walls only to a node that can serve them. Store
 * trouble (a full disk, a file that could not be opened) is reported in the body, not failed on:
 * the live path does not need the disk, and a wall with no history on disk beats a dark one.
 * So is Redis trouble in a cluster: the node goes on serving its viewers what it has, and had
 * every node gone unready when Redis went down, every wall would have gone dark with it.
 */
export function createReadyRoute(ready: () => Readiness) {
  return (_req: Request, res: Response): void => {
    const state = ready();
    res.status(state.ready ? 200 : 503).json({
      status: state.ready ? 'ready' : 'not ready',
      ...(state.reason === undefined ? {} : { reason: state.reason }),
      storage: state.storage,
      ...(state.cluster ? { cluster: state.cluster } : {}),
    });
  };
}
