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
import { applyEventSet, isHeldBack } from './event-set.transaction';
import type {
  ChunkLockHook,
  EventSetDeclaration,
  HandlerTable,
  RawMessage,
} from './consumed-event';
import { DeadLetterPublisher } from './dead-letter.publisher';
import { EventApplier, type ApplyFailure } from './event-applier';
import { FetchRoundCoalescer, type AfterTransactionHook } from './fetch-round.coalescer';
import { OffsetCommitter } from './offset-committer';
import { PartitionBatchProcessor } from './partition-batch.processor';
import { StallWatchdog } from './stall-watchdog';

export interface ConsumerRunnerOptions {
  service: ServiceName;
  kafka: Kafka;
  dataSource: DataSource;
  codec: EventCodec;
  topics: string[];
  handlers: HandlerTable;
  /** The service's set handler, instead of per-event handlers (see EventSetHandler). */
  eventSet?: EventSetDeclaration;
  groupId?: string;
  /** Defaults to <service>.dlq.v1. */
  deadLetterTopic?: string;
  /**
   * A fetch round is applied in one transaction up to this many messages, in consecutive
   * transactions beyond (a backlog or a replay); 1000 by default.
   */
  maxEventsPerTransaction?: number;
  /**
   * Batches of a fetch round processed at once. Defaults to the partition count of the
   * consumed topics, so every batch of a round joins the same transaction; fewer splits a
   * round into several.
   */
  partitionsConsumedConcurrently?: number;
  /** See FetchSettings; the defaults are explained in the runtime's README. */
  fetch?: Partial<FetchSettings>;
  /** At most one OffsetCommit per this many ms (and per fetch round); 200 by default. */
  commitIntervalMs?: number;
  /** Takes a transaction's locks before its handlers run (see ChunkLockHook). */
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
  /**
   * Called after each transaction of a fetch round commits and before its offsets are resolved
   * (tracing, crash tests). If it throws, the round is retried: its events are duplicates then.
   */
  afterTransaction?: AfterTransactionHook;
}

export interface FetchSettings {
  /** The broker answers a fetch once this much is waiting, or after maxWaitTimeInMs. */
  minBytes: number;
  maxWaitTimeInMs: number;
  maxBytesPerPartition: number;
  maxBytes: number;
}

export const defaultFetchSettings: FetchSettings = {
  minBytes: 1,
  maxWaitTimeInMs: 1_000,
  maxBytesPerPartition: 256 * 1024,
  maxBytes: 2 * 1024 * 1024,
};

/** What a redelivery did: how many messages are done, and the first that is not, if any. */
export interface RedeliveryOutcome {
  done: number;
  failure?: ApplyFailure;
}

export type { AfterTransactionHook, CommittedPosition } from './fetch-round.coalescer';

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
  private committer?: OffsetCommitter;
  private partitionCount = 0;
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
      eventSet: o.eventSet,
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
      const { topics } = await admin.fetchTopicMetadata({ topics: this.o.topics });
      this.partitionCount = topics.reduce((n, t) => n + t.partitions.length, 0);
    } finally {
      await admin.disconnect();
    }
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.watchdog.stop();
    await this.sweeper.stop();
    // What is resolved is committed now; a round still in flight commits as it finishes, while
    // disconnect() waits for it.
    await this.committer?.stop();
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
    // A commit still deferred would otherwise land after this one and undo it.
    await this.committer?.commitNow();
    this.consumer.seek({ topic, partition, offset });
    await this.consumer.commitOffsets([{ topic, partition, offset }]);
  }

  /**
   * Applies messages read from the log by someone else (an operator's scoped replay) through the
   * same inbox, parking and dead-letter path as consumed ones, in one transaction, without
   * touching the group's offsets. Already applied events are duplicates and change nothing.
   */
  async redeliver(messages: RawMessage[]): Promise<RedeliveryOutcome> {
    const memory = { verdicts: new Map(), heldBack: new Map() };
    await applyEventSet({ dataSource: this.o.dataSource, applier: this.applier, memory }, messages);
    const [first] = memory.heldBack.values();
    const done = messages.filter((m) => !isHeldBack(m, memory.heldBack)).length;
    return { done, failure: first?.failure };
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
    const fetch = { ...defaultFetchSettings, ...this.o.fetch };
    const consumer = this.o.kafka.consumer({
      groupId: this.groupId,
      sessionTimeout: this.o.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: this.o.heartbeatIntervalMs ?? 3_000,
      allowAutoTopicCreation: false,
      minBytes: fetch.minBytes,
      maxWaitTimeInMs: fetch.maxWaitTimeInMs,
      maxBytesPerPartition: fetch.maxBytesPerPartition,
      maxBytes: fetch.maxBytes,
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
    const processor = this.batchProcessor();
    await consumer.connect();
    await consumer.subscribe({ topics: this.o.topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently:
        this.o.partitionsConsumedConcurrently ?? Math.max(1, this.partitionCount),
      eachBatch: (payload) => processor.process(payload),
    });
    if (this.paused) this.pause();
  }

  /** A processor, coalescer and committer of their own for each kafkajs consumer. */
  private batchProcessor(): PartitionBatchProcessor {
    const retry = this.o.retry ?? { initialMs: 200, maxMs: 30_000 };
    const onActivity = () => (this.lastActivity = Date.now());
    this.committer = new OffsetCommitter(this.o.commitIntervalMs ?? 200, this.logger);
    const rounds = new FetchRoundCoalescer({
      service: this.o.service,
      dataSource: this.o.dataSource,
      applier: this.applier,
      committer: this.committer,
      maxEventsPerTransaction: this.o.maxEventsPerTransaction ?? 1_000,
      heartbeatIntervalMs: Math.max(500, (this.o.heartbeatIntervalMs ?? 3_000) / 2),
      retry,
      metrics: this.o.metrics,
      logger: this.logger,
      afterTransaction: this.o.afterTransaction,
      onActivity,
    });
    return new PartitionBatchProcessor({
      service: this.o.service,
      applier: this.applier,
      rounds,
      retry,
      metrics: this.o.metrics,
      logger: this.logger,
      onActivity,
    });
  }

  /** Replaces the kafkajs consumer with a fresh one; the inbox absorbs any redelivery. */
  async restartConsumer(reason: string): Promise<void> {
    const old = this.consumer;
    this.consumer = undefined;
    this.o.metrics?.consumerRestarts.inc({ service: this.o.service, reason });
    await this.committer?.stop();
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
