import type { Logger } from 'pino';
import type { PushRouter } from '../feeds/feed-runner';
import { EVENTS } from '../protocol';
import { publishRequestSchema } from '../protocol/requests';
import { handleRequest } from './request-handler';
import type { LivewallSocket } from './types';

/** Lets a socket push samples to a push topic, as `POST /api/topics/<topic>` does. */
export function attachPublish(socket: LivewallSocket, push: PushRouter, log: Logger): void {
  const socketLog = (): Logger => log.child({ socket: socket.id });
  socket.on(
    EVENTS.publish,
    handleRequest(publishRequestSchema, socketLog, (request) => push(request.topic, request.token, request.samples)),
  );
}
