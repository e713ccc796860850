import { randomBytes } from 'node:crypto';
import type { KafkaSession } from './kafka-session';

export interface ReadMessage {
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: Record<string, unknown>;
}

/**
 * Reads a topic from its start to the end it had when the read began (or to `until` per
 * partition), through a throw-away consumer group that is deleted afterwards: reading never
 * moves anyone's offsets.
 */
export async function readTopic(
  session: KafkaSession,
  topic: string,
  until?: ReadonlyMap<number, number>,
): Promise<ReadMessage[]> {
  const admin = await session.admin();
  const ends = await admin.fetchTopicOffsets(topic);
  const remaining = new Map(
    ends
      .map((e) => ({ ...e, stop: Math.min(Number(e.high), until?.get(e.partition) ?? Infinity) }))
      .filter((e) => e.stop > Number(e.low))
      .map((e) => [e.partition, e.stop]),
  );
  if (remaining.size === 0) return [];
  const groupId = `logisync-cli-reader-${randomBytes(6).toString('hex')}`;
  const consumer = session.kafka.consumer({ groupId, allowAutoTopicCreation: false });
  const read: ReadMessage[] = [];
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const end = remaining.get(partition);
            if (end === undefined) return;
            if (Number(message.offset) < end) {
              const { offset, timestamp, key, value, headers } = message;
              read.push({ topic, partition, offset, timestamp, key, value, headers });
            }
            if (Number(message.offset) >= end - 1) remaining.delete(partition);
            if (remaining.size === 0) resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
  return read.sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset));
}
