/** What a worker of `serve --workers` tells the primary over IPC. */
export const WORKER_LISTENING = 'livewall:listening';

export interface WorkerListening {
  type: typeof WORKER_LISTENING;
  url: string;
}

export function isWorkerListening(message: unknown): message is WorkerListening {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === WORKER_LISTENING && typeof (message as { url?: unknown }).url === 'string';
}
