import type { RequestHandler } from 'express';

/** Anything else: a plain page, not Express's, which names the framework and echoes the path. */
export const notFoundPage: RequestHandler = (_req, res) => {
  res.status(404).type('text/plain').send('Not found. The wall is at /, the dashboards at /dashboards.\n');
};
