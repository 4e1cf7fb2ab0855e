import type { Logger } from 'pino';
import type { z } from 'zod';
import { ACK_CODES, type AckError } from '../protocol';
import { describeIssue, formatIssues } from '../validation/issues';

const MAX_ERROR_LENGTH = 500;

/**
 * Wraps a request/ack socket handler: validates the payload against `schema`,
 * answers `{ ok: false, code, message }` when it does not fit or the handler
 * throws, and tolerates a client that sent no ack callback.
 * @example
 * socket.on(EVENTS.subscribe, handleRequest(subscribeRequestSchema, log, (request) => ({ ok: true, ... })));
 */
export function handleRequest<S extends z.ZodType, R extends { ok: true }>(
  schema: S,
  log: Logger,
  handler: (request: z.output<S>) => R,
): (payload: unknown, ack: unknown) => void {
  return (payload, ack) => {
    // A client that emits only a callback puts it where the payload belongs.
    const reply = typeof ack === 'function' ? ack : typeof payload === 'function' ? payload : undefined;
    const respond = (response: R | AckError): void => {
      if (reply) (reply as (response: R | AckError) => void)(response);
    };
    const parsed = schema.safeParse(typeof payload === 'function' ? undefined : payload, { error: describeIssue });
    if (!parsed.success) {
      respond({ ok: false, code: ACK_CODES.BAD_REQUEST, message: truncate(formatIssues(parsed.error.issues).join('; ')) });
      return;
    }
    try {
      respond(handler(parsed.data));
    } catch (err) {
      log.error({ err }, 'socket request failed');
      respond({ ok: false, code: ACK_CODES.INTERNAL, message: 'internal error' });
    }
  };
}

function truncate(message: string): string {
  return message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH)}…` : message;
}
