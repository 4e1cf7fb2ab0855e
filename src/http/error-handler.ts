import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { ERROR_CODES, LivewallError, type ErrorCode } from '../errors';
import { echoName } from '../validation/echo-name';

/** The HTTP status of each code a request can end with; anything else is 400. */
const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  [ERROR_CODES.TOPIC_UNKNOWN]: 404,
  [ERROR_CODES.NOT_FOUND]: 404,
  [ERROR_CODES.UNAUTHORIZED]: 401,
  [ERROR_CODES.TOPIC_NOT_PUSH]: 409,
  [ERROR_CODES.REQUEST_TOO_LARGE]: 413,
  [ERROR_CODES.RATE_LIMITED]: 429,
  [ERROR_CODES.LIMIT_EXCEEDED]: 429,
  [ERROR_CODES.ORIGIN_REFUSED]: 403,
  [ERROR_CODES.FEED_UNAVAILABLE]: 503,
  [ERROR_CODES.INTERNAL]: 500,
};

/** Unmatched routes under /api: a JSON 404 rather than express's HTML page. */
export const apiNotFound: RequestHandler = (req) => {
  throw new LivewallError(ERROR_CODES.NOT_FOUND, `no route for ${req.method} ${echoName(req.originalUrl)}`);
};

/** Every error becomes `{ error: { code, message } }`; only unexpected ones are logged. */
export function createErrorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => {
    if (err instanceof LivewallError) {
      res.status(STATUS_BY_CODE[err.code] ?? 400).json({ error: { code: err.code, message: err.message } });
      return;
    }
    // body-parser marks client errors with a 4xx `status` and a `type`.
    const { status, type } = err as { status?: unknown; type?: unknown };
    if (status === 413 || type === 'entity.too.large') {
      res.status(413).json({ error: { code: ERROR_CODES.REQUEST_TOO_LARGE, message: (err as Error).message } });
      return;
    }
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).json({ error: { code: ERROR_CODES.REQUEST_INVALID, message: (err as Error).message } });
      return;
    }
    log.error({ err }, 'request failed');
    res.status(500).json({ error: { code: ERROR_CODES.INTERNAL, message: 'internal error' } });
  };
}
