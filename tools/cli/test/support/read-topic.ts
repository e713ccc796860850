import type { EventCodec } from '@logisync/canonical-events';
import { createKafka, loadKafkaSecurity, silentLogger } from '@logisync/event-runtime';
import { stackEndpoints } from '@logisync/test-kit';
import { randomUUID } from 'node:crypto';

export interface TopicEvent {
  partition: number;
  offset: string;
  eventType: string;
  event: { meta: { eventId: string; causationId: string | null } } & Record<string, unknown>;
}

/**
 * Every event a topic holds now, decoded, in offset order per partition: read by a consumer
 * group of the test's own (committing nothing) from the start of each partition up to the high
 * watermark it had when the read began.
 */
export async function readWholeTopic(
  topic: string,
  codec: EventCodec,
  timeoutMs = 60_000,
): Promise<TopicEvent[]> {
  const kafka = createKafka({
    ...loadKafkaSecurity(process.env),
    clientId: `read-${randomUUID()}`,
    brokers: stackEndpoints.kafkaBrokers,
    logger: silentLogger,
  });
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `read-topic-${randomUUID()}`;
  const ends = new Map(
    (await admin.fetchTopicOffsets(topic))
      .filter((p) => BigInt(p.high) > BigInt(p.low))
      .map((p) => [p.partition, BigInt(p.high)]),
  );
  const events: TopicEvent[] = [];
  if (ends.size === 0) {
    await admin.disconnect();
    return events;
  }
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  await consumer.connect();
  const open = new Set(ends.keys());
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const timer = setTimeout(() => finish(), timeoutMs);
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const end = ends.get(partition);
        if (end === undefined || BigInt(message.offset) >= end) return;
        const decoded = await codec.decode(message.value);
        events.push({
          partition,
          offset: message.offset,
          eventType: decoded.eventType,
          event: decoded.event as unknown as TopicEvent['event'],
        });
        if (BigInt(message.offset) + 1n >= end) {
          open.delete(partition);
          if (open.size === 0) finish();
        }
      },
    });
    await done;
    if (open.size > 0) throw new Error(`${topic}: partitions ${[...open]} not read to their end`);
    return events.sort((a, b) =>
      a.partition !== b.partition
        ? a.partition - b.partition
        : Number(BigInt(a.offset) - BigInt(b.offset)),
    );
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}
