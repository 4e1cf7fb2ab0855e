import { z } from 'zod';
import { declaredFieldShape, declaredFieldsSchema } from '../declared-fields';
import { feedBaseShape, pollShape } from '../feed-schema';
import { jsonPathSchema } from '../json-fields';

const MAX_HEADERS = 32;

// RFC 9110's token: what fetch accepts as a header name.
const headerNameSchema = z.string().min(1).max(256).regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be a header name, such as "Authorization"');
// fetch would refuse a line break, and its error would repeat the value, which may be a key.
const headerValueSchema = z.string().max(8_192).regex(/^[^\r\n\0]*$/, 'must be one line');

const httpFieldSchema = z.strictObject({
  ...declaredFieldShape,
  path: jsonPathSchema.describe('Where the number is in the response, such as "$.current.temperature".'),
});

/** `kind: "http"`: numbers read by JSONPath out of a JSON endpoint, polled with GET. */
export const httpFeedSchema = z.strictObject({
  kind: z.literal('http'),
  ...feedBaseShape,
  intervalMs: z
    .number()
    .int()
    .min(1_000)
    .max(86_400_000)
    .default(30_000)
    .describe('How often to poll, at least a second, to be kind to the endpoint. Polls start on the interval\'s grid and never overlap.'),
  timeoutMs: pollShape.timeoutMs,
  url: z
    .string()
    .max(2_048)
    .refine(isHttpUrl, 'must be an http: or https: URL, such as "https://api.example/now.json"')
    .describe('The JSON endpoint to GET. Its query and any user:password in it are never shown in logs or statuses.'),
  headers: z
    .record(headerNameSchema, headerValueSchema)
    .refine((headers) => Object.keys(headers).length <= MAX_HEADERS, `must have at most ${MAX_HEADERS} headers`)
    .optional()
    .describe('Request headers, such as { "Authorization": "Bearer ${API_KEY}" }. Never logged.'),
  fields: declaredFieldsSchema(httpFieldSchema, 64).describe('The numbers to read from each response, one field each.'),
});

export type HttpFeedConfig = z.output<typeof httpFeedSchema>;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
