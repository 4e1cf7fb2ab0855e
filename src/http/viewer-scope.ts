import type { Request, RequestHandler, Response } from 'express';
import type { Config } from '../config/schema';
import { ERROR_CODES, LivewallError } from '../errors';
import { EVERYTHING, scopeOfToken, type ViewerScope } from '../security/viewer-tokens';

/**
 * With `server.viewerTokens`, the read API (dashboards, topics, history) wants one as
 * `Authorization: Bearer <token>` and answers only what it covers. Pushes carry their own
 * topic's token instead, so they are not asked for one.
 */
export function viewerScope(config: () => Config): RequestHandler {
  return (req, res, next) => {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '')?.[1];
    const scope = scopeOfToken(config(), bearer);
    if (!scope) {
      res.set('WWW-Authenticate', 'Bearer');
      return next(new LivewallError(ERROR_CODES.UNAUTHORIZED, 'this server needs a viewer token (server.viewerTokens)'));
    }
    res.locals.scope = scope;
    next();
  };
}

/** The scope `viewerScope` found for this request. */
export function scopeOf(_req: Request, res: Response): ViewerScope {
  return (res.locals.scope as ViewerScope | undefined) ?? EVERYTHING;
}
