import { createHash, timingSafeEqual } from 'node:crypto';
import { ERROR_CODES, MAX_PUSH_FUTURE_MS, MAX_PUSH_SAMPLES, type ErrorCode, type PublishAck, type SampleValues, type TopicMeta } from '../../protocol';
import type { Feed, FeedSink } from '../feed';
import { titleFromTopic } from '../topic-title';
import { pushFields } from './fields';
import { createTokenBucket } from '../../limits/token-bucket';
import type { PushFeedConfig } from './schema';
import { pushBatchSchema } from './sample-schema';
import { describeIssue, formatIssues } from '../../validation/issues';

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
  const batchSchema = pushBatchSchema(config.topic, meta.fields.map((field) => field.name));
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
        const parsed = batchSchema.safeParse(samples, { error: describeIssue });
        const problems = parsed.success ? [] : formatIssues(parsed.error.issues.map((issue) => ({ ...issue, path: ['samples', ...issue.path] })));
        // Time order is checked on every sample that has a usable ts, so one answer lists it all.
        const stamped: number[] = [];
        let last = sink.lastSampleTs(config.topic) ?? -Infinity;
        let lastWas = "the topic's newest sample";
        samples.forEach((sample, i) => {
          const given = typeof sample === 'object' && sample !== null && 'ts' in sample ? sample.ts : undefined;
          if (given !== undefined && !Number.isSafeInteger(given)) return;
          const ts = typeof given === 'number' ? given : Math.max(arrival, last + 1);
          stamped.push(ts);
          if (ts > arrival + MAX_PUSH_FUTURE_MS) problems.push(`samples[${i}].ts: ${ts} is more than ${MAX_PUSH_FUTURE_MS / 1000} s ahead of the server's clock (${arrival})`);
          else if (ts <= last) problems.push(`samples[${i}].ts: ${ts} is not newer than ${lastWas} (${last}); samples go in time order`);
          else {
            last = ts;
            lastWas = `samples[${i}]`;
          }
        });
        if (!parsed.success || problems.length > 0) return refuse(ERROR_CODES.REQUEST_INVALID, listProblems(problems));
        const accepted = parsed.data;
        const waitMs = rate.take(accepted.length, arrival);
        if (waitMs > 0) return refuse(ERROR_CODES.RATE_LIMITED, `"${config.topic}" takes ${config.maxSamplesPerSec} samples a second; try again in ${waitMs} ms`);
        // A field left out is null; the hub fills in every declared field that is missing.
        accepted.forEach((sample, i) => sink?.publish(config.topic, withoutUndefined(sample.values), stamped[i] as number));
        return { ok: true, accepted: accepted.length };
      },
    },
  };
}

/** Every problem, up to a point: a 1,000-sample batch with one mistake each needs no 1,000-line answer. */
function listProblems(problems: readonly string[]): string {
  const shown = problems.slice(0, MAX_PROBLEMS_LISTED).join('; ');
  return problems.length > MAX_PROBLEMS_LISTED ? `${shown}; and ${problems.length - MAX_PROBLEMS_LISTED} more` : shown;
}

function withoutUndefined(values: Record<string, number | null | undefined>): SampleValues {
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, number | null] => entry[1] !== undefined));
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
