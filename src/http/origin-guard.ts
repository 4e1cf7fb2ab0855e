import type { RequestHandler } from 'express';
import { ERROR_CODES, LivewallError } from '../errors';
import { isAllowedOrigin } from '../security/origins';

/** Refuses API requests from browser pages of origins the server does not allow (see `security/origins.ts`). */
export function originGuard(allowedOrigins: () => readonly string[]): RequestHandler {
  return (req, _res, next) => {
    const origin = req.get('origin');
    if (isAllowedOrigin(origin, req.get('host'), allowedOrigins())) return next();
    next(new LivewallError(ERROR_CODES.ORIGIN_REFUSED, `origin ${JSON.stringify(origin?.slice(0, 100))} is not allowed (server.allowedOrigins)`));
  };
}
