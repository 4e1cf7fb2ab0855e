import type { Buffer } from 'node:buffer';
import { ERROR_CODES, LivewallError } from '../../errors';
import type { SampleValues } from '../../protocol';
import { echoName } from '../../validation/echo-name';
import { readJsonFields, type JsonField } from '../json-fields';

/** Larger payloads are refused unread: no sensor sends a megabyte, and parsing one blocks the loop. */
export const MAX_PAYLOAD_BYTES = 1_048_576;

const SHOWN_CHARS = 40;

/**
 * Reads a message's fields out of its JSON payload. A single field without a path takes the
 * payload as a plain number (`21.5`, or `"21.5"`).
 * @throws LivewallError `FEED_BAD_READING` naming the MQTT topic and what is wrong, so a wall shows why
 * @example readPayload('greenhouse/east/climate', Buffer.from('{"t":21.5}'), [{ name: 'temp', path: '$.t' }]) // { temp: 21.5 }
 */
export function readPayload(mqttTopic: string, payload: Buffer, fields: readonly JsonField[]): SampleValues {
  const where = `MQTT message on "${echoName(mqttTopic)}"`;
  if (payload.byteLength > MAX_PAYLOAD_BYTES) {
    throw new LivewallError(ERROR_CODES.FEED_BAD_READING, `${where} has ${payload.byteLength} bytes, more than ${MAX_PAYLOAD_BYTES}`);
  }
  const text = payload.toString('utf8');
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (err) {
    const shown = text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…` : text;
    throw new LivewallError(ERROR_CODES.FEED_BAD_READING, `${where} is not JSON: ${JSON.stringify(shown)}`, { cause: err });
  }
  try {
    return readJsonFields(document, fields);
  } catch (err) {
    throw new LivewallError(ERROR_CODES.FEED_BAD_READING, `${where}: ${(err as Error).message}`, { cause: err });
  }
}
