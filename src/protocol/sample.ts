/** Field name → reading. `null` means "no reading this time" (e.g. a rate on its first poll). */
export type SampleValues = Record<string, number | null>;

/**
 * One reading of one topic, as it travels on the wire and sits in history.
 * `seq` rises by one per sample within a topic and server run (see `epoch`);
 * `ts` is epoch milliseconds.
 */
export interface Sample {
  topic: string;
  seq: number;
  ts: number;
  values: SampleValues;
}
