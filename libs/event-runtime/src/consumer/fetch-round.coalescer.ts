import type { EachBatchPayload } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { classifyError } from '../errors/classify-error';
import type { RuntimeLogger } from '../logging/runtime-logger';
import type { RuntimeMetrics } from '../metrics/runtime-metrics';
import { Backoff } from './backoff';
import type { RawMessage } from './consumed-event';
import type { FailureRecord } from './dead-letter.publisher';
import type { EventApplier } from './event-applier';
import {
  applyEventSet,
  isHeldBack,
  partitionOf,
  type HeldBack,
  type SetMemory,
} from './event-set.transaction';
import type { OffsetCommitter } from './offset-committer';

/** Where a committed transaction left each partition it touched. */
export interface CommittedPosition {
  topic: string;
  partition: number;
  lastOffset: string;
}

export type AfterTransactionHook = (committed: CommittedPosition[]) => Promise<void> | void;

/** One partition's share of a fetch round: its batch's messages still to apply, in offset order. */
export interface RoundPart {
  payload: EachBatchPayload;
  messages: RawMessage[];
  /** Earlier failures of this partition's messages, by offset. */
  failures: Map<string, FailureRecord>;
}

export type PartOutcome = { kind: 'done' } | { kind: 'held'; held: HeldBack } | { kind: 'left' };

export interface CoalescerOptions {
  service: string;
  dataSource: DataSource;
  applier: EventApplier;
  committer: OffsetCommitter;
  maxEventsPerTransaction: number;
  heartbeatIntervalMs: number;
  retry: { initialMs: number; maxMs: number };
  metrics?: RuntimeMetrics;
  logger: RuntimeLogger;
  afterTransaction?: AfterTransactionHook;
  onActivity?: () => void;
}

interface Waiting {
  part: RoundPart;
  resolve(outcome: PartOutcome): void;
  reject(error: unknown): void;
}

/**
 * Joins the concurrent eachBatch calls of one kafkajs fetch round into one set, applied in one
 * transaction (several only past maxEventsPerTransaction), with one offset commit after it.
 * kafkajs hands a fetch's batches to its workers in one synchronous pass (one worker per batch
 * when partitionsConsumedConcurrently covers the assignment), so a round has fully arrived once
 * the current turn of the event loop is over: the set is gathered until setImmediate.
 */
export class FetchRoundCoalescer {
  private gathering?: Waiting[];

  constructor(private readonly o: CoalescerOptions) {}

  /** Resolves once this part's events are committed, held back for a retry, or left (stopping). */
  submit(part: RoundPart): Promise<PartOutcome> {
    return new Promise((resolve, reject) => {
      if (!this.gathering) {
        const round: Waiting[] = (this.gathering = []);
        setImmediate(() => {
          this.gathering = undefined;
          void this.settle(round);
        });
      }
      this.gathering.push({ part, resolve, reject });
    });
  }

  private async settle(round: Waiting[]): Promise<void> {
    try {
      const outcomes = await this.applyRound(round.map((w) => w.part));
      round.forEach((w, i) => w.resolve(outcomes[i]));
    } catch (error) {
      round.forEach((w) => w.reject(error));
    }
  }

  private async applyRound(parts: RoundPart[]): Promise<PartOutcome[]> {
    const memory: SetMemory = { verdicts: new Map(), heldBack: new Map() };
    const failures = new Map(parts.map((p) => [partitionOf(p.payload.batch), p.failures]));
    const all = parts.flatMap((p) => p.messages);
    const size = this.o.maxEventsPerTransaction;
    const done = new Set<RoundPart>();
    for (let from = 0; from < all.length; from += size) {
      const committed = await this.applySlice(
        parts,
        all.slice(from, from + size),
        memory,
        failures,
      );
      if (!committed) break;
      if (from + size >= all.length) parts.forEach((p) => done.add(p));
    }
    const active = parts.find((p) => p.payload.isRunning()) ?? parts[0];
    await this.o.committer.afterRound(active.payload);
    return parts.map((p) => {
      const held = memory.heldBack.get(partitionOf(p.payload.batch));
      if (held) return { kind: 'held', held };
      return done.has(p) && !p.payload.isStale() ? { kind: 'done' } : { kind: 'left' };
    });
  }

  /**
   * One transaction, retried whole with backoff while it fails; true once committed and its
   * offsets resolved, false when the consumer stopped first.
   */
  private async applySlice(
    parts: RoundPart[],
    slice: RawMessage[],
    memory: SetMemory,
    failures: Map<string, Map<string, FailureRecord>>,
  ): Promise<boolean> {
    const backoff = new Backoff(this.o.retry.initialMs, this.o.retry.maxMs);
    for (;;) {
      const live = parts.filter((p) => p.payload.isRunning() && !p.payload.isStale());
      if (live.length === 0) return false;
      const messages = slice.filter((m) => live.some((p) => sameBatch(p, m)));
      this.o.onActivity?.();
      try {
        const events = await this.whileHeartbeating(live[0].payload, () =>
          applyEventSet(
            {
              dataSource: this.o.dataSource,
              applier: this.o.applier,
              memory,
              failureOf: (m) => failures.get(partitionOf(m))?.get(m.offset),
            },
            messages,
          ),
        );
        if (events > 0) this.o.metrics?.batchSize.observe({ service: this.o.service }, events);
        const positions = lastDoneOf(messages, memory.heldBack);
        await this.o.afterTransaction?.(positions);
        for (const position of positions) {
          live.find((p) => sameBatch(p, position))!.payload.resolveOffset(position.lastOffset);
        }
        return true;
      } catch (error) {
        await this.retryLater(live[0].payload, backoff, error);
      }
    }
  }

  private async retryLater(payload: EachBatchPayload, backoff: Backoff, error: unknown) {
    const delayMs = backoff.next();
    const errorClass = classifyError(error);
    const topic = payload.batch.topic;
    this.o.metrics?.retries.inc({ service: this.o.service, topic, error_class: errorClass });
    this.o.logger.warn(
      { err: error, errorClass, attempt: backoff.attempts, retryInMs: delayMs },
      'applying a fetch round failed; retrying all of it',
    );
    await this.whileHeartbeating(payload, () => waitUnlessStopped(delayMs, payload));
  }

  /**
   * kafkajs only heartbeats between batches; long work must heartbeat itself. An in-flight
   * heartbeat is awaited before returning: one still running when the consumer disconnects
   * would open a new connection to the coordinator and keep the process alive.
   */
  async whileHeartbeating<T>(payload: EachBatchPayload, work: () => Promise<T>): Promise<T> {
    let inFlight: Promise<unknown> = Promise.resolve();
    const timer = setInterval(() => {
      this.o.onActivity?.();
      if (payload.isRunning()) inFlight = payload.heartbeat().catch(() => undefined);
    }, this.o.heartbeatIntervalMs);
    try {
      return await work();
    } finally {
      clearInterval(timer);
      await inFlight;
    }
  }
}

function sameBatch(part: RoundPart, m: { topic: string; partition: number }): boolean {
  return part.payload.batch.topic === m.topic && part.payload.batch.partition === m.partition;
}

/** Per partition, the last message the transaction is done with (before any held back). */
function lastDoneOf(
  messages: RawMessage[],
  heldBack: ReadonlyMap<string, HeldBack>,
): CommittedPosition[] {
  const last = new Map<string, CommittedPosition>();
  for (const m of messages) {
    if (isHeldBack(m, heldBack)) continue;
    last.set(partitionOf(m), { topic: m.topic, partition: m.partition, lastOffset: m.offset });
  }
  return [...last.values()];
}

export async function waitUnlessStopped(ms: number, payload: EachBatchPayload): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && payload.isRunning() && !payload.isStale()) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(250, deadline - Date.now())));
  }
}
