import { readHeaders } from '@logisync/canonical-events';
import type { EachBatchPayload, KafkaMessage } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { classifyError } from '../errors/classify-error';
import type { RuntimeLogger } from '../logging/runtime-logger';
import type { RuntimeMetrics } from '../metrics/runtime-metrics';
import { Backoff } from './backoff';
import { applyChunk } from './chunk-transaction';
import type { RawMessage } from './consumed-event';
import type { FailureRecord } from './dead-letter.publisher';
import type { EventApplier } from './event-applier';

export interface BatchProcessorOptions {
  service: string;
  dataSource: DataSource;
  applier: EventApplier;
  maxEventsPerTransaction: number;
  heartbeatIntervalMs: number;
  retry: { initialMs: number; maxMs: number };
  metrics?: RuntimeMetrics;
  logger: RuntimeLogger;
  /** Called after a chunk's transaction commits and before its offset is committed. */
  afterTransaction?: (topic: string, partition: number, lastOffset: string) => Promise<void> | void;
  /** Called whenever this partition's work moves: the stall watchdog reads it. */
  onActivity?: () => void;
}

function toRaw(topic: string, partition: number, m: KafkaMessage): RawMessage {
  return {
    topic,
    partition,
    offset: m.offset,
    key: m.key,
    value: m.value,
    headers: readHeaders(m.headers),
  };
}

/**
 * One fetched batch of one partition: chunks of events per transaction, the offset committed
 * only after each transaction commits, retries with backoff that pause only this partition,
 * and heartbeats all along so a slow handler or a long outage never evicts the member.
 */
export class PartitionBatchProcessor {
  constructor(private readonly o: BatchProcessorOptions) {}

  async process(payload: EachBatchPayload): Promise<void> {
    const { batch, isRunning, isStale, resolveOffset } = payload;
    const messages = batch.messages.map((m) => toRaw(batch.topic, batch.partition, m));
    this.o.metrics?.consumerLag.set(
      { service: this.o.service, topic: batch.topic, partition: String(batch.partition) },
      Number(batch.offsetLag()),
    );
    const failures = new Map<string, FailureRecord>();
    const backoff = new Backoff(this.o.retry.initialMs, this.o.retry.maxMs);
    let next = 0;
    while (next < messages.length && isRunning() && !isStale()) {
      this.o.onActivity?.();
      const chunk = messages.slice(next, next + this.o.maxEventsPerTransaction);
      let outcome;
      try {
        outcome = await this.whileHeartbeating(payload, () =>
          applyChunk(this.o.dataSource, this.o.applier, chunk, failures),
        );
      } catch (error) {
        await this.retryLater(payload, backoff, batch.topic, classifyError(error), error);
        continue;
      }
      if (outcome.done > 0) {
        const last = chunk[outcome.done - 1];
        this.o.metrics?.batchSize.observe({ service: this.o.service }, outcome.done);
        await this.o.afterTransaction?.(batch.topic, batch.partition, last.offset);
        resolveOffset(last.offset);
        // Through the batch's own commit: consumer.commitOffsets() is silently dropped once
        // kafkajs has begun stopping, which would lose the commit of a batch finished at SIGTERM.
        await payload.commitOffsetsIfNecessary({
          topics: [
            {
              topic: batch.topic,
              partitions: [
                { partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() },
              ],
            },
          ],
        });
        next += outcome.done;
      }
      if (outcome.failure) {
        const failed = chunk[outcome.done];
        const now = new Date();
        const previous = failures.get(failed.offset);
        failures.set(failed.offset, {
          attempts: (previous?.attempts ?? 0) + 1,
          firstFailureAt: previous?.firstFailureAt ?? now,
          lastFailureAt: now,
        });
        await this.retryLater(
          payload,
          backoff,
          batch.topic,
          outcome.failure.errorClass,
          outcome.failure.error,
          failed,
        );
      } else {
        backoff.reset();
      }
    }
  }

  private async retryLater(
    payload: EachBatchPayload,
    backoff: Backoff,
    topic: string,
    errorClass: string,
    error: unknown,
    message?: RawMessage,
  ): Promise<void> {
    const delayMs = backoff.next();
    this.o.metrics?.retries.inc({ service: this.o.service, topic, error_class: errorClass });
    this.o.logger.warn(
      {
        err: error,
        errorClass,
        attempt: backoff.attempts,
        retryInMs: delayMs,
        topic,
        partition: message?.partition,
        offset: message?.offset,
      },
      'event processing failed; retrying this partition',
    );
    await this.whileHeartbeating(payload, () => waitUnlessStopped(delayMs, payload));
  }

  /**
   * kafkajs only heartbeats between messages; long work must heartbeat itself. An in-flight
   * heartbeat is awaited before returning: one still running when the consumer disconnects
   * would open a new connection to the coordinator and keep the process alive.
   */
  private async whileHeartbeating<T>(
    payload: EachBatchPayload,
    work: () => Promise<T>,
  ): Promise<T> {
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

async function waitUnlessStopped(ms: number, payload: EachBatchPayload): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && payload.isRunning() && !payload.isStale()) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(250, deadline - Date.now())));
  }
}
