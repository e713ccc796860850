import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The runtime's technical metrics; every series carries the service label. */
export class RuntimeMetrics {
  readonly consumed: Counter<'service' | 'event_type' | 'outcome'>;
  readonly processingSeconds: Histogram<'service' | 'event_type'>;
  readonly batchSize: Histogram<'service'>;
  readonly retries: Counter<'service' | 'topic' | 'error_class'>;
  readonly deadLetters: Counter<'service' | 'topic' | 'error_class'>;
  readonly consumerLag: Gauge<'service' | 'topic' | 'partition'>;
  readonly parked: Gauge<'service'>;
  readonly published: Counter<'service' | 'topic'>;
  readonly outboxBacklog: Gauge<'service'>;
  readonly outboxOldestAgeSeconds: Gauge<'service'>;
  readonly relayActive: Gauge<'service'>;
  readonly consumerRestarts: Counter<'service' | 'reason'>;

  constructor(
    registry: Registry,
    readonly service: string,
  ) {
    const registers = [registry];
    this.consumed = new Counter({
      name: 'logisync_events_consumed_total',
      help: 'Events consumed, by type and outcome (applied, duplicate, parked, dead_lettered, ignored, unparked).',
      labelNames: ['service', 'event_type', 'outcome'],
      registers,
    });
    this.processingSeconds = new Histogram({
      name: 'logisync_event_processing_seconds',
      help: 'Time to apply one event inside its transaction.',
      labelNames: ['service', 'event_type'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
      registers,
    });
    this.batchSize = new Histogram({
      name: 'logisync_consumer_batch_size',
      help: 'Events applied per database transaction.',
      labelNames: ['service'],
      buckets: [1, 2, 5, 10, 25, 50, 100, 200, 500, 1000, 2000],
      registers,
    });
    this.retries = new Counter({
      name: 'logisync_consumer_retries_total',
      help: 'Retries of a failed batch or event, by error class.',
      labelNames: ['service', 'topic', 'error_class'],
      registers,
    });
    this.deadLetters = new Counter({
      name: 'logisync_dead_letters_total',
      help: 'Events written to the dead-letter topic.',
      labelNames: ['service', 'topic', 'error_class'],
      registers,
    });
    this.consumerLag = new Gauge({
      name: 'logisync_consumer_lag',
      help: 'Messages behind the high watermark, per partition, as of the last fetched batch.',
      labelNames: ['service', 'topic', 'partition'],
      registers,
    });
    this.parked = new Gauge({
      name: 'logisync_parked_events',
      help: 'Events waiting for a prerequisite.',
      labelNames: ['service'],
      registers,
    });
    this.published = new Counter({
      name: 'logisync_events_published_total',
      help: 'Outbox messages published to Kafka.',
      labelNames: ['service', 'topic'],
      registers,
    });
    this.outboxBacklog = new Gauge({
      name: 'logisync_outbox_backlog',
      help: 'Outbox messages not yet published.',
      labelNames: ['service'],
      registers,
    });
    this.outboxOldestAgeSeconds = new Gauge({
      name: 'logisync_outbox_oldest_unpublished_age_seconds',
      help: 'Age of the oldest unpublished outbox message.',
      labelNames: ['service'],
      registers,
    });
    this.consumerRestarts = new Counter({
      name: 'logisync_consumer_restarts_total',
      help: 'Consumers replaced by the runtime, by reason (crashed, stalled).',
      labelNames: ['service', 'reason'],
      registers,
    });
    this.relayActive = new Gauge({
      name: 'logisync_outbox_relay_active',
      help: '1 while this process holds the relay lock and publishes.',
      labelNames: ['service'],
      registers,
    });
  }
}
