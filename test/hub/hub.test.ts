import { describe, expect, it } from 'vitest';
import { Hub } from '../../src/hub/hub';

const META = { topic: 't.quiet', title: 'Quiet', kind: 'sensor' as const, intervalMs: 1000, fields: [{ name: 'v', label: 'V' }] };

describe('Hub backfill', () => {
  it("tells an up-to-date client it missed nothing, after a quiet topic's history has aged out", () => {
    let now = 0;
    const hub = new Hub({ now: () => now });
    hub.upsertTopic(META, { maxSamples: 100, maxAgeMs: 10_000 });
    for (let i = 1; i <= 3; i += 1) hub.publish(META.topic, { v: i }, i * 1000);
    now = 60_000;
    // An empty "replace" here would wipe a wall's chart whose window is longer than the history.
    expect(hub.backfill(META.topic, 3)).toEqual({ history: [], recovered: true });
    expect(hub.backfill(META.topic, 2)).toEqual({ history: [], recovered: false });
    expect(hub.backfill(META.topic)).toEqual({ history: [], recovered: false });
    // Numbering carries on from the aged-out samples.
    expect(hub.publish(META.topic, { v: 4 }, now).seq).toBe(4);
    expect(hub.backfill(META.topic, 3).history.map((s) => s.seq)).toEqual([4]);
  });
});
