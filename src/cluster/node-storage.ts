import path from 'node:path';
import type { Config } from '../config/schema';

/**
 * A cluster node's history file: each node keeps its own (nodes on one host must not share a
 * file), named by its id: `data/livewall.db` → `data/livewall.web-1.db`. A node whose id is the
 * default (host name and process id) would start a new file at every restart and leave the old
 * ones behind, so it keeps history in memory (Redis holds the recent part for the cluster), and
 * the reason says to set `cluster.nodeId`.
 */
export function nodeStorage(storage: Config['storage'], nodeId: string, stableId: boolean): { storage: Config['storage']; reason?: string } {
  if (storage === false) return { storage };
  if (!stableId) return { storage: false, reason: 'in a cluster, the history store needs cluster.nodeId (a node id that survives restarts); history is kept in memory and Redis' };
  const { dir, name, ext } = path.parse(storage.path);
  return { storage: { ...storage, path: path.join(dir, `${name}.${nodeId}${ext}`) } };
}
