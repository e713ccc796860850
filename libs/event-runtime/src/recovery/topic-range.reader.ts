import { readHeaders } from '@logisync/canonical-events';
import type { Kafka } from 'kafkajs';
import type { RawMessage } from '../consumer/consumed-event';

/** Offsets [from, to) of one partition. */
export interface OffsetRange {
  topic: string;
  partition: number;
  from: string;
  to: string;
}

/**
 * Reads exactly the given ranges, in offset order per partition, with a consumer group of its own
 * that commits nothing and is deleted afterwards; `onBatch` gets at most `batchSize` messages at
 * a time and is awaited before the next. Partitions of the topics outside the ranges are read
 * from their end, that is, not at all.
 */
export async function readRanges(
  kafka: Kafka,
  groupId: string,
  ranges: OffsetRange[],
  batchSize: number,
  onBatch: (messages: RawMessage[]) => Promise<void>,
  stallTimeoutMs = 60_000,
): Promise<void> {
  const open = new Map(ranges.map((r) => [`${r.topic}|${r.partition}`, r]));
  if (open.size === 0) return;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  await consumer.connect();
  let failed: unknown;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  try {
    await consumer.subscribe({ topics: [...new Set(ranges.map((r) => r.topic))] });
    let pending: RawMessage[] = [];
    let lastProgress = Date.now();
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch, heartbeat }) => {
        lastProgress = Date.now();
        const range = open.get(`${batch.topic}|${batch.partition}`);
        if (!range || failed) return;
        for (const m of batch.messages) {
          const offset = BigInt(m.offset);
          if (offset < BigInt(range.from) || offset >= BigInt(range.to)) continue;
          pending.push({
            topic: batch.topic,
            partition: batch.partition,
            offset: m.offset,
            key: m.key,
            value: m.value,
            headers: readHeaders(m.headers),
          });
          if (pending.length >= batchSize) {
            const full = pending;
            pending = [];
            await onBatch(full).catch((error) => (failed ??= error));
            await heartbeat();
          }
        }
        const last = batch.messages.at(-1);
        if (last && BigInt(last.offset) + 1n >= BigInt(range.to))
          open.delete(`${batch.topic}|${batch.partition}`);
        if (open.size === 0 || failed) {
          if (!failed && pending.length > 0) {
            const rest = pending;
            pending = [];
            await onBatch(rest).catch((error) => (failed ??= error));
          }
          resolveDone();
        }
      },
    });
    for (const r of ranges)
      consumer.seek({ topic: r.topic, partition: r.partition, offset: r.from });
    // However long the ranges are, the read fails only when it stops making progress.
    let watchdog: NodeJS.Timeout | undefined;
    const stalled = new Promise<never>((_, reject) => {
      watchdog = setInterval(() => {
        if (Date.now() - lastProgress < stallTimeoutMs) return;
        reject(
          new Error(
            `reading ${[...open.keys()].join(', ')} made no progress in ${stallTimeoutMs} ms`,
          ),
        );
      }, 1_000);
      watchdog.unref();
    });
    await Promise.race([done, stalled]).finally(() => clearInterval(watchdog));
    if (failed) throw failed;
  } finally {
    await consumer.disconnect().catch(() => undefined);
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}
