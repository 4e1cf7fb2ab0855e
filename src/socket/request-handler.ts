import type { Logger } from 'pino';
import type { z } from 'zod';
import { ERROR_CODES, type AckError } from '../protocol';
import { describeIssue, formatIssues } from '../validation/issues';

const MAX_ERROR_LENGTH = 500;

/**
 * Wraps a request/ack socket handler: validates the payload against `schema`,
 * answers `{ ok: false, code, message }` when it does not fit or the handler
 * throws, and tolerates a client that sent no ack callback. The ack is the last
 * argument, whatever comes between. `log` is asked for only when a handler throws, so a
 * connection that never fails holds no logger of its own.
 * @example
 * socket.on(EVENTS.subscribe, handleRequest(subscribeRequestSchema, () => log.child({ socket: socket.id }), (request) => ({ ok: true, ... })));
 */
export function handleRequest<S extends z.ZodType, R extends { ok: boolean }>(
  schema: S,
  log: () => Pick<Logger, 'error'>,
  handler: (request: z.output<S>) => R | AckError | Promise<R | AckError>,
): (...args: unknown[]) => void {
  return (...args) => {
    const last = args.at(-1);
    const reply = typeof last === 'function' ? (last as (response: R | AckError) => void) : undefined;
    const respond = (response: R | AckError): void => reply?.(response);
    // A client that emits only a callback puts it where the payload belongs.
    const payload = args.length > 0 && args[0] !== last ? args[0] : reply ? undefined : args[0];
    const parsed = schema.safeParse(payload, { error: describeIssue });
    if (!parsed.success) {
      respond({ ok: false, code: ERROR_CODES.REQUEST_INVALID, message: truncate(formatIssues(parsed.error.issues).join('; ')) });
      return;
    }
    const failed = (err: unknown): void => {
      log().error({ err }, 'socket request failed');
      respond({ ok: false, code: ERROR_CODES.INTERNAL, message: 'internal error' });
    };
    try {
      const response = handler(parsed.data);
      if (response instanceof Promise) response.then(respond, failed);
      else respond(response);
    } catch (err) {
      failed(err);
    }
  };
}

function truncate(message: string): string {
  return message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH)}…` : message;
}
