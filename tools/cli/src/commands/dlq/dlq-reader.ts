import { randomBytes } from 'node:crypto';
import type { KafkaSession } from '../../kafka/kafka-session';
import { toDeadLetter, type DeadLetter } from './dead-letter';

/**
 * Reads a dead-letter topic from its start to the end it had when the read began, through a
 * throw-away consumer group that is deleted afterwards (the DLQ has no consumer of its own).
 */
export async function readDeadLetters(session: KafkaSession, topic: string): Promise<DeadLetter[]> {
  const admin = await session.admin();
  const ends = await admin.fetchTopicOffsets(topic);
  const remaining = new Map(
    ends.filter((e) => Number(e.high) > Number(e.low)).map((e) => [e.partition, Number(e.high)]),
  );
  if (remaining.size === 0) return [];
  const groupId = `logisync-cli-dlq-${randomBytes(6).toString('hex')}`;
  const consumer = session.kafka.consumer({ groupId, allowAutoTopicCreation: false });
  const letters: DeadLetter[] = [];
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
            if (Number(message.offset) < end) letters.push(toDeadLetter({ partition, ...message }));
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
  return letters.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}
