import { readHeaders } from '@logisync/canonical-events';
import type { EachBatchPayload, KafkaMessage } from 'kafkajs';
import type { RuntimeLogger } from '../logging/runtime-logger';
import type { RuntimeMetrics } from '../metrics/runtime-metrics';
import { Backoff } from './backoff';
import type { RawMessage } from './consumed-event';
import type { EventApplier } from './event-applier';
import type { FailureRecord } from './dead-letter.publisher';
import { waitUnlessStopped, type FetchRoundCoalescer } from './fetch-round.coalescer';

export interface BatchProcessorOptions {
  service: string;
  applier: EventApplier;
  rounds: FetchRoundCoalescer;
  retry: { initialMs: number; maxMs: number };
  metrics?: RuntimeMetrics;
  logger: RuntimeLogger;
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
 * One partition's batch of a fetch round (one kafkajs eachBatch call): it joins the round's
 * set and returns once its events are committed. An event that fails with an unknown error
 * holds back the rest of this partition only: after a backoff its remainder is tried again
 * (dead-lettered after a few failures), while the round's other partitions have moved on.
 */
export class PartitionBatchProcessor {
  constructor(private readonly o: BatchProcessorOptions) {}

  async process(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    let messages = batch.messages.map((m) => toRaw(batch.topic, batch.partition, m));
    this.o.metrics?.consumerLag.set(
      { service: this.o.service, topic: batch.topic, partition: String(batch.partition) },
      Number(batch.offsetLag()),
    );
    this.o.applier.countUnwanted(messages);
    const failures = new Map<string, FailureRecord>();
    const backoff = new Backoff(this.o.retry.initialMs, this.o.retry.maxMs);
    while (messages.length > 0 && payload.isRunning() && !payload.isStale()) {
      this.o.onActivity?.();
      const outcome = await this.o.rounds.submit({ payload, messages, failures });
      if (outcome.kind !== 'held') return;
      const { offset, failure } = outcome.held;
      const now = new Date();
      const previous = failures.get(offset);
      failures.set(offset, {
        attempts: (previous?.attempts ?? 0) + 1,
        firstFailureAt: previous?.firstFailureAt ?? now,
        lastFailureAt: now,
      });
      messages = messages.filter((m) => BigInt(m.offset) >= BigInt(offset));
      const delayMs = backoff.next();
      this.o.metrics?.retries.inc({
        service: this.o.service,
        topic: batch.topic,
        error_class: failure.errorClass,
      });
      this.o.logger.warn(
        {
          err: failure.error,
          errorClass: failure.errorClass,
          attempt: backoff.attempts,
          retryInMs: delayMs,
          topic: batch.topic,
          partition: batch.partition,
          offset,
        },
        'event processing failed; retrying this partition',
      );
      await this.o.rounds.whileHeartbeating(payload, () => waitUnlessStopped(delayMs, payload));
    }
  }
}
