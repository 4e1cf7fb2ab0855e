import { ERROR_CODES, LivewallError } from '../../errors';
import type { Poller } from '../feed';
import { sharedUnit } from '../declared-fields';
import { readJsonFields } from '../json-fields';
import { sourceUrl } from '../source-url';
import { titleFromTopic } from '../topic-title';
import { httpFields } from './fields';
import type { HttpFeedConfig } from './schema';

/** The most of a response a poll reads: a larger one fails the poll as soon as it is over, unbuffered. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

const SHORT_MESSAGE = 120;

/** What every poll sends: the URL without credentials, and every header. */
interface HttpRequest {
  url: string;
  headers: Headers;
}

/**
 * Polls a JSON endpoint with GET and reads each field out of the answer by its JSONPath.
 * Sends the configured headers, `Accept: application/json` and `User-Agent: Livewall`; a
 * `user:password@` in the URL goes as Basic auth. Messages name the URL by `sourceUrl`, so
 * neither its query nor its credentials nor any header reach a log or a wall.
 * @throws (from `read`) LivewallError `FEED_UNREACHABLE` for a network failure or a non-2xx
 *   answer; `FEED_BAD_READING` for a body over 1 MiB, one that is not JSON, or a field that is
 *   not found or not a number
 */
export function createHttpPoller(config: HttpFeedConfig): Poller {
  const request = requestOf(config);
  const shown = sourceUrl(config.url);
  const unit = sharedUnit(config.fields);
  // Messages from fetch may repeat the URL it was given; only the shown form may leave.
  const scrub = (message: string): string => message.split(config.url).join(shown).split(request.url).join(shown);

  return {
    meta: {
      topic: config.topic,
      title: config.title ?? titleFromTopic(config.topic),
      kind: 'http',
      ...(unit === undefined ? {} : { unit }),
      intervalMs: config.intervalMs,
      fields: httpFields(config),
    },
    async read({ signal }) {
      let response: Response;
      try {
        response = await fetch(request.url, { headers: request.headers, signal });
      } catch (err) {
        signal.throwIfAborted();
        throw new LivewallError(ERROR_CODES.FEED_UNREACHABLE, `cannot reach ${shown}: ${scrub(describeFailure(err))}`);
      }
      if (!response.ok) {
        await discard(response);
        const text = response.statusText ? ` ${shorten(response.statusText)}` : '';
        throw new LivewallError(ERROR_CODES.FEED_UNREACHABLE, `HTTP ${response.status}${text} from ${shown}`);
      }
      let body: string;
      try {
        body = await readCapped(response);
      } catch (err) {
        signal.throwIfAborted();
        if (err instanceof LivewallError) throw err;
        throw new LivewallError(ERROR_CODES.FEED_UNREACHABLE, `${shown} broke off its response: ${scrub(describeFailure(err))}`);
      }
      return readJsonFields(parseJson(body, shown), config.fields);
    },
  };
}

function requestOf(config: HttpFeedConfig): HttpRequest {
  const url = new URL(config.url);
  const headers = new Headers({ Accept: 'application/json', 'User-Agent': 'Livewall' });
  if (url.username !== '' || url.password !== '') {
    // fetch refuses a URL with credentials, and its error repeats them: send them the standard way instead.
    const credentials = `${decode(url.username)}:${decode(url.password)}`;
    headers.set('Authorization', `Basic ${Buffer.from(credentials).toString('base64')}`);
    url.username = '';
    url.password = '';
  }
  // Last, so a configured header (its own Accept or Authorization) wins.
  for (const [name, value] of Object.entries(config.headers ?? {})) headers.set(name, value);
  return { url: url.href, headers };
}

/** Reads the body as text, giving up as soon as it is over `MAX_RESPONSE_BYTES`. */
async function readCapped(response: Response): Promise<string> {
  if (Number(response.headers.get('content-length')) > MAX_RESPONSE_BYTES) {
    await discard(response);
    throw tooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > MAX_RESPONSE_BYTES) {
      // Cancelling closes the connection, so an endless body costs no more than the cap.
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
}

function tooLarge(): LivewallError {
  return new LivewallError(ERROR_CODES.FEED_BAD_READING, `response is larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB`);
}

function parseJson(body: string, shown: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch (err) {
    throw new LivewallError(ERROR_CODES.FEED_BAD_READING, `response from ${shown} is not JSON: ${shorten((err as Error).message)}`);
  }
}

/** Frees the connection of a response whose body is not wanted. */
async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}

/**
 * What went wrong under fetch's "fetch failed": the system error's message and code
 * (`connect ECONNREFUSED 127.0.0.1:80`, `getaddrinfo ENOTFOUND api.example`).
 */
function describeFailure(err: unknown): string {
  const cause = err instanceof Error && err.cause !== undefined ? err.cause : err;
  const message = cause instanceof Error ? cause.message : String(cause);
  const code = typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
  if (code === undefined || message.includes(code)) return shorten(message || 'unknown error');
  return message ? `${shorten(message)} (${code})` : code;
}

function shorten(text: string): string {
  return text.length > SHORT_MESSAGE ? `${text.slice(0, SHORT_MESSAGE)}…` : text;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    // The URL parser keeps a malformed %-escape; send it as written rather than fail the feed.
    return part;
  }
}
