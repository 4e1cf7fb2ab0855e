import { createHash, timingSafeEqual } from 'node:crypto';
import { ERROR_CODES, MAX_PUSH_FUTURE_MS, MAX_PUSH_SAMPLES, type ErrorCode, type PublishAck, type TopicMeta } from '../../protocol';
import type { Feed, FeedSink } from '../feed';
import { titleFromTopic } from '../topic-title';
import { pushFields } from './fields';
import { createTokenBucket } from '../../limits/token-bucket';
import type { PushFeedConfig } from './schema';

const MAX_PROBLEMS_LISTED = 20;

/**
 * A push topic: it publishes what is sent to it, once the token and every sample check out.
 * A request is taken whole or refused whole, so a client that retries never doubles a sample.
 */
export function createPushFeed(config: PushFeedConfig, now: () => number = Date.now): Feed {
  const meta: TopicMeta = {
    topic: config.topic,
    title: config.title ?? titleFromTopic(config.topic),
    kind: 'push',
    fields: pushFields(config),
    intervalMs: config.expectedIntervalMs ?? null,
  };
  const declared = new Set(meta.fields.map((field) => field.name));
  const expected = digest(config.token);
  // A burst of a second's worth, or of one full batch (a gateway's backlog), whichever is more.
  const rate = createTokenBucket(config.maxSamplesPerSec, Math.max(config.maxSamplesPerSec, MAX_PUSH_SAMPLES));
  let sink: FeedSink | undefined;

  const refuse = (code: ErrorCode, message: string): PublishAck => ({ ok: false, code, message });

  return {
    topics: [meta],
    start(next) {
      sink = next;
    },
    stop() {
      sink = undefined;
    },
    push: {
      accept(token, samples) {
        // Digests have one length, so the comparison takes the same time whatever was sent.
        if (!timingSafeEqual(digest(token), expected)) return refuse(ERROR_CODES.UNAUTHORIZED, `wrong or missing token for "${config.topic}"`);
        if (!sink) return refuse(ERROR_CODES.TOPIC_UNKNOWN, `"${config.topic}" is not running`);
        const arrival = now();
        const problems: string[] = [];
        const stamped: number[] = [];
        let last = sink.lastSampleTs(config.topic) ?? -Infinity;
        samples.forEach((sample, i) => {
          for (const name of Object.keys(sample.values)) {
            if (!declared.has(name)) problems.push(`samples[${i}].values: "${config.topic}" has no field ${JSON.stringify(name.slice(0, 64))}; it has ${[...declared].map((d) => `"${d}"`).join(', ')}`);
          }
          const ts = sample.ts ?? Math.max(arrival, last + 1);
          if (ts > arrival + MAX_PUSH_FUTURE_MS) problems.push(`samples[${i}].ts: ${ts} is more than ${MAX_PUSH_FUTURE_MS / 1000} s ahead of the server's clock (${arrival})`);
          else if (ts <= last) problems.push(`samples[${i}].ts: ${ts} is not newer than the topic's newest sample (${last}); samples go in time order`);
          stamped.push(ts);
          last = Math.max(last, ts);
        });
        if (problems.length > 0) return refuse(ERROR_CODES.REQUEST_INVALID, listProblems(problems));
        const waitMs = rate.take(samples.length, arrival);
        if (waitMs > 0) return refuse(ERROR_CODES.RATE_LIMITED, `"${config.topic}" takes ${config.maxSamplesPerSec} samples a second; try again in ${waitMs} ms`);
        samples.forEach((sample, i) => sink?.publish(config.topic, sample.values, stamped[i] as number));
        return { ok: true, accepted: samples.length };
      },
    },
  };
}

/** Every problem, up to a point: a 1,000-sample batch with one mistake each needs no 1,000-line answer. */
function listProblems(problems: readonly string[]): string {
  const shown = problems.slice(0, MAX_PROBLEMS_LISTED).join('; ');
  return problems.length > MAX_PROBLEMS_LISTED ? `${shown}; and ${problems.length - MAX_PROBLEMS_LISTED} more` : shown;
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
