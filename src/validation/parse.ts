import type { z } from 'zod';
import { ERROR_CODES, LivewallError } from '../errors';
import { describeIssue, formatIssues } from './issues';

/**
 * Parses untrusted input (a query string, a request body) or throws a
 * `LIVEWALL_ERR_REQUEST_INVALID` error listing every problem with its path.
 */
export function parseRequest<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input, { error: describeIssue });
  if (result.success) return result.data;
  throw new LivewallError(ERROR_CODES.REQUEST_INVALID, formatIssues(result.error.issues).join('; '));
}
