import { hostname } from 'node:os';

/**
 * This node's id when the config names none: the host name and the process id, so two nodes on
 * one host with the same config differ. Made to fit a topic word (`hosts.<nodeId>.cpu`).
 */
export function defaultNodeId(host: string = hostname(), pid: number = process.pid): string {
  const word = host.split('.')[0]?.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'node';
  return `${word}-${pid}`;
}
