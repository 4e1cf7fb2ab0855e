import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * Helmet's headers with a Content-Security-Policy the wall passes: its script and styles come
 * from this server, it talks only to this server (`connect-src 'self'` covers its WebSocket),
 * and nothing may be framed or posted elsewhere. Walls are often served over plain HTTP on a
 * LAN, so no upgrade-insecure-requests and no HSTS: either would break such a wall.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
      },
    },
    strictTransportSecurity: false,
  });
}
