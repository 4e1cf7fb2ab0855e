import { pino, type Level, type Logger } from 'pino';

/**
 * Where a secret could sit in something logged: a feed's token or password, request headers,
 * an Authorization value. Nothing logs these today; this keeps a careless `log.info({ feed })`
 * tomorrow from writing a token to disk.
 */
export const REDACTED_PATHS = [
  'token',
  'password',
  'headers',
  'authorization',
  '*.token',
  '*.password',
  '*.headers',
  '*.authorization',
  'feeds[*].token',
  'feeds[*].password',
  'feeds[*].headers',
  '*.feeds[*].token',
  '*.feeds[*].password',
  '*.feeds[*].headers',
  'viewerTokens[*].token',
  '*.viewerTokens[*].token',
  '*.*.viewerTokens[*].token',
] as const;

/** The server's logger: JSON lines on stdout, secrets censored as `***`. */
export function createLogger(level: Level | 'silent', destination?: pino.DestinationStream): Logger {
  const options = { level, redact: { paths: [...REDACTED_PATHS], censor: '***' } };
  return destination ? pino(options, destination) : pino(options);
}
