import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { StoreHealth } from '../store/history-store';

/** What the server counts for `/metrics`, in Prometheus' text format (prom-client). */
export interface Metrics {
  readonly registry: Registry;
  readonly samplesPublished: Counter<'topic'>;
  readonly samplesDelivered: Counter;
  readonly samplesDropped: Counter;
  readonly feedPollSeconds: Histogram<'topic'>;
  readonly feedErrors: Counter<'topic'>;
  /** Reads the live counts (connections, subscribers per topic) when scraped. */
  observe(sources: MetricSources): void;
  /** Reads the history store's health when scraped; undefined when history is in memory. */
  observeStorage(health: () => StoreHealth | undefined): void;
  /** Reads the cluster's state when scraped; undefined when the server runs alone. */
  observeCluster(state: () => { redisUp: boolean; leasesHeld: number } | undefined): void;
}

export interface MetricSources {
  connections(): number;
  /** Subscribers per topic. */
  subscribers(): Iterable<[topic: string, count: number]>;
  slowViewers(): number;
}

/**
 * One registry per app (never prom-client's global one, so two apps in one process, as in
 * tests, do not collide), with Node's process metrics: CPU, memory, event-loop lag, GC.
 */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'livewall_' });
  let sources: MetricSources | undefined;
  let storage: (() => StoreHealth | undefined) | undefined;
  let cluster: (() => { redisUp: boolean; leasesHeld: number } | undefined) | undefined;
  // Gauges of live counts are read when scraped; they register themselves.
  new Gauge({
    name: 'livewall_connections',
    help: 'Socket.IO connections open now.',
    registers: [registry],
    collect() {
      this.set(sources?.connections() ?? 0);
    },
  });
  new Gauge({
    name: 'livewall_topic_subscribers',
    help: 'Connections subscribed to each topic.',
    labelNames: ['topic'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [topic, count] of sources?.subscribers() ?? []) this.set({ topic }, count);
    },
  });
  new Gauge({
    name: 'livewall_slow_viewers',
    help: 'Viewers whose backlog is over its bound, passed over until they drain.',
    registers: [registry],
    collect() {
      this.set(sources?.slowViewers() ?? 0);
    },
  });
  new Gauge({
    name: 'livewall_storage_writing',
    help: '1 while the history store writes, 0 while its writes fail (a full disk); absent with history in memory.',
    registers: [registry],
    collect() {
      const health = storage?.();
      if (health) this.set(health.ok ? 1 : 0);
    },
  });
  new Gauge({
    name: 'livewall_storage_dropped_samples',
    help: 'Samples the history store could not write.',
    registers: [registry],
    collect() {
      const health = storage?.();
      if (health) this.set(health.droppedSamples);
    },
  });
  new Gauge({
    name: 'livewall_storage_bytes',
    help: 'Bytes the history store takes on disk, its write-ahead log included.',
    registers: [registry],
    collect() {
      const health = storage?.();
      if (health) this.set(health.bytes);
    },
  });
  new Gauge({
    name: 'livewall_cluster_redis_up',
    help: 'In a cluster: 1 while this node reaches Redis, 0 while it does not.',
    registers: [registry],
    collect() {
      const state = cluster?.();
      if (state) this.set(state.redisUp ? 1 : 0);
    },
  });
  new Gauge({
    name: 'livewall_cluster_leases_held',
    help: 'In a cluster: shared feeds this node runs (holds the lease of) now.',
    registers: [registry],
    collect() {
      const state = cluster?.();
      if (state) this.set(state.leasesHeld);
    },
  });
  return {
    registry,
    samplesPublished: new Counter({ name: 'livewall_samples_published_total', help: 'Samples published, per topic.', labelNames: ['topic'], registers: [registry] }),
    samplesDelivered: new Counter({ name: 'livewall_samples_delivered_total', help: 'Samples sent to viewers (one per sample per viewer).', registers: [registry] }),
    samplesDropped: new Counter({ name: 'livewall_samples_dropped_total', help: 'Samples not sent to slow viewers, which fetch them again with since.', registers: [registry] }),
    feedPollSeconds: new Histogram({
      name: 'livewall_feed_poll_seconds',
      help: 'How long polls take, per topic.',
      labelNames: ['topic'],
      buckets: [0.001, 0.005, 0.025, 0.1, 0.5, 2.5, 10],
      registers: [registry],
    }),
    feedErrors: new Counter({ name: 'livewall_feed_errors_total', help: 'Failed polls and feed errors, per topic.', labelNames: ['topic'], registers: [registry] }),
    observe(next) {
      sources = next;
    },
    observeStorage(health) {
      storage = health;
    },
    observeCluster(state) {
      cluster = state;
    },
  };
}
