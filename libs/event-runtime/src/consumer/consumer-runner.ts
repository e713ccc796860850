import { javaCompatiblePartitioner } from '../kafka/kafka-client';
import {
  consumerGroupOf,
  deadLetterTopicOf,
  type EventCodec,
  type ServiceName,
} from '@logisync/canonical-events';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { silentLogger, type RuntimeLogger } from '../logging/runtime-logger';
import type { RuntimeMetrics } from '../metrics/runtime-metrics';
import { ParkedEventSweeper } from '../parking/parked-event.sweeper';
import { applyChunk, type ChunkOutcome } from './chunk-transaction';
import type { ChunkLockHook, HandlerTable, RawMessage } from './consumed-event';
import { DeadLetterPublisher } from './dead-letter.publisher';
import { EventApplier } from './event-applier';
import { PartitionBatchProcessor } from './partition-batch.processor';
import { StallWatchdog } from './stall-watchdog';

export interface ConsumerRunnerOptions {
  service: ServiceName;
  kafka: Kafka;
  dataSource: DataSource;
  codec: EventCodec;
  topics: string[];
  handlers: HandlerTable;
  groupId?: string;
  /** Defaults to <service>.dlq.v1. */
  deadLetterTopic?: string;
  maxEventsPerTransaction?: number;
  partitionsConsumedConcurrently?: number;
  /**
   * How much one fetch may bring: kafkajs' defaults (1 MiB per partition, 10 MiB per fetch) hold
   * thousands of our sub-kilobyte events outside the V8 heap while a backlog or a replay is read;
   * 256 KiB per partition (about 500 events, more than two chunks) and 2 MiB per fetch by default.
   */
  fetch?: { maxBytesPerPartition: number; maxBytes: number };
  /** Takes a chunk's locks before its handlers run (see ChunkLockHook). */
  lockChunk?: ChunkLockHook;
  maxUnknownAttempts?: number;
  retry?: { initialMs: number; maxMs: number };
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  parkedSweepIntervalMs?: number;
  metrics?: RuntimeMetrics;
  logger?: RuntimeLogger;
  /** How often the stall watchdog looks, and how long without batch work counts as a stall. */
  watchdog?: { intervalMs: number; stallAfterMs: number };
  /** A hook between the database commit and the offset commit (tracing, crash tests). */
  afterTransaction?: (topic: string, partition: number, lastOffset: string) => Promise<void> | void;
}

export interface ConsumerStatus {
  service: string;
  groupId: string;
  running: boolean;
  paused: boolean;
  topics: string[];
  assignments: Record<string, number[]>;
  /** Group joins since start: more than one means a rebalance moved partitions. */
  joins: number;
}

/** The one consumer loop: kafkajs eachBatch, with commits, retries and dead letters decided here. */
export class ConsumerRunner {
  private consumer?: Consumer;
  private dlqProducer?: Producer;
  private running = false;
  private paused = false;
  private assignments: Record<string, number[]> = {};
  private joins = 0;
  private lastActivity = Date.now();
  private readonly watchdog: StallWatchdog;
  private readonly sweeper: ParkedEventSweeper;
  private readonly applier: EventApplier;
  private readonly logger: RuntimeLogger;
  readonly groupId: string;

  constructor(private readonly o: ConsumerRunnerOptions) {
    this.groupId = o.groupId ?? consumerGroupOf(o.service);
    this.logger = o.logger ?? silentLogger;
    this.dlqProducer = o.kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner: javaCompatiblePartitioner,
    });
    this.applier = new EventApplier({
      service: o.service,
      codec: o.codec,
      handlers: o.handlers,
      deadLetters: new DeadLetterPublisher(this.dlqProducer, o.service, o.deadLetterTopic),
      maxUnknownAttempts: o.maxUnknownAttempts ?? 3,
      lockChunk: o.lockChunk,
      metrics: o.metrics,
      logger: this.logger,
    });
    this.sweeper = new ParkedEventSweeper({
      service: o.service,
      dataSource: o.dataSource,
      applier: this.applier,
      intervalMs: o.parkedSweepIntervalMs ?? 5_000,
      metrics: o.metrics,
      logger: this.logger,
    });
    this.watchdog = new StallWatchdog({
      kafka: o.kafka,
      groupId: this.groupId,
      topics: o.topics,
      intervalMs: o.watchdog?.intervalMs ?? 15_000,
      stallAfterMs: o.watchdog?.stallAfterMs ?? 2 * (o.sessionTimeoutMs ?? 30_000),
      isPaused: () => this.paused,
      lastActivityAt: () => this.lastActivity,
      restart: () => this.restartConsumer('stalled'),
      logger: this.logger,
    });
  }

  async start(): Promise<void> {
    if (this.running) return;
    await this.requireTopics();
    this.running = true;
    await this.dlqProducer!.connect();
    await this.startConsumer();
    this.sweeper.start();
    this.watchdog.start();
  }

  /** A service started before its topics exist says so, instead of kafkajs' protocol error. */
  private async requireTopics(): Promise<void> {
    const admin = this.o.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const deadLetters = this.o.deadLetterTopic ?? deadLetterTopicOf(this.o.service);
      const missing = [...this.o.topics, deadLetters].filter((t) => !existing.has(t));
      if (missing.length > 0) {
        throw new Error(
          `${this.o.service}: these topics do not exist: ${missing.join(', ')}. ` +
            'Create them with `npm run topics:ensure` (or the schemas-and-topics job).',
        );
      }
    } finally {
      await admin.disconnect();
    }
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.watchdog.stop();
    await this.sweeper.stop();
    // disconnect() waits for in-flight batches; their offsets are committed as they finish.
    await this.consumer?.disconnect().catch(() => undefined);
    await this.dlqProducer?.disconnect().catch(() => undefined);
    this.consumer = undefined;
  }

  pause(): void {
    this.paused = true;
    this.consumer?.pause(this.o.topics.map((topic) => ({ topic })));
  }

  resume(): void {
    this.paused = false;
    this.consumer?.resume(this.o.topics.map((topic) => ({ topic })));
  }

  /** Moves this member's position and commits it, so a restart continues from there too. */
  async seek(topic: string, partition: number, offset: string): Promise<void> {
    if (!this.consumer) throw new Error('The consumer is not running');
    this.consumer.seek({ topic, partition, offset });
    await this.consumer.commitOffsets([{ topic, partition, offset }]);
  }

  /**
   * Applies messages read from the log by someone else (an operator's scoped replay) through the
   * same inbox, parking and dead-letter path as consumed ones, in one transaction, without
   * touching the group's offsets. Already applied events are duplicates and change nothing.
   */
  redeliver(messages: RawMessage[]): Promise<ChunkOutcome> {
    return applyChunk(this.o.dataSource, this.applier, messages, new Map());
  }

  status(): ConsumerStatus {
    return {
      service: this.o.service,
      groupId: this.groupId,
      running: this.running,
      paused: this.paused,
      topics: this.o.topics,
      assignments: this.assignments,
      joins: this.joins,
    };
  }

  private async startConsumer(): Promise<void> {
    const consumer = this.o.kafka.consumer({
      groupId: this.groupId,
      sessionTimeout: this.o.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: this.o.heartbeatIntervalMs ?? 3_000,
      allowAutoTopicCreation: false,
      maxBytesPerPartition: this.o.fetch?.maxBytesPerPartition ?? 256 * 1024,
      maxBytes: this.o.fetch?.maxBytes ?? 2 * 1024 * 1024,
      retry: { retries: 10, initialRetryTime: 300, maxRetryTime: 30_000 },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      this.assignments = e.payload.memberAssignment;
      this.joins += 1;
      this.logger.info({ assignments: this.assignments }, 'consumer joined its group');
    });
    consumer.on(consumer.events.CRASH, (e) =>
      this.onCrash(consumer, e.payload.error, e.payload.restart),
    );
    const processor = new PartitionBatchProcessor({
      service: this.o.service,
      dataSource: this.o.dataSource,
      applier: this.applier,
      maxEventsPerTransaction: this.o.maxEventsPerTransaction ?? 200,
      heartbeatIntervalMs: Math.max(500, (this.o.heartbeatIntervalMs ?? 3_000) / 2),
      retry: this.o.retry ?? { initialMs: 200, maxMs: 30_000 },
      metrics: this.o.metrics,
      logger: this.logger,
      afterTransaction: this.o.afterTransaction,
      onActivity: () => (this.lastActivity = Date.now()),
    });
    await consumer.connect();
    await consumer.subscribe({ topics: this.o.topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.o.partitionsConsumedConcurrently ?? 6,
      eachBatch: (payload) => processor.process(payload),
    });
    if (this.paused) this.pause();
  }

  /** Replaces the kafkajs consumer with a fresh one; the inbox absorbs any redelivery. */
  async restartConsumer(reason: string): Promise<void> {
    const old = this.consumer;
    this.consumer = undefined;
    this.o.metrics?.consumerRestarts.inc({ service: this.o.service, reason });
    await old?.disconnect().catch(() => undefined);
    this.lastActivity = Date.now();
    if (this.running) await this.startConsumer();
  }

  /**
   * kafkajs restarts itself after retriable crashes; after the others it stays down, which is
   * how consumers silently stop. Here every crash leads back to a running consumer.
   */
  private onCrash(consumer: Consumer, error: Error, restarting: boolean): void {
    this.logger.error({ err: error, restarting }, 'consumer crashed');
    if (restarting || !this.running || consumer !== this.consumer) return;
    setTimeout(() => {
      if (!this.running || consumer !== this.consumer) return;
      this.restartConsumer('crashed').catch((e) => this.onCrash(consumer, e as Error, false));
    }, 2_000).unref();
  }
}
