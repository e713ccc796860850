import { javaCompatiblePartitioner } from '@logisync/event-runtime';
import { waitFor } from '@logisync/test-kit';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { BenchEnv } from './bench-setup';

/** Raw kafkajs: consume the same events and produce them again, no database at all. */
export async function measureRawKafka(env: BenchEnv, source: string, count: number) {
  const target = await env.createTopic('raw-copy');
  const producer = env.kafka.producer({ createPartitioner: javaCompatiblePartitioner });
  await producer.connect();
  const consumer = env.kafka.consumer({ groupId: `raw-${env.suffix}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [source], fromBeginning: true });
  let copied = 0;
  const started = process.hrtime.bigint();
  await consumer.run({
    partitionsConsumedConcurrently: 3,
    eachBatch: async ({ batch }) => {
      await producer.send({
        topic: target,
        acks: -1,
        messages: batch.messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
      });
      copied += batch.messages.length;
    },
  });
  await waitFor(() => copied >= count, {
    timeoutMs: 600_000,
    intervalMs: 20,
    description: 'all copied',
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await consumer.disconnect();
  await producer.disconnect();
  return { events: count, seconds, eventsPerSecond: count / seconds };
}

/**
 * The same work as one handler call, one event per transaction on one connection: inbox
 * insert, state update, outbox insert, commit. What a naive consumer would do.
 */
export async function measureSingleTransactions(
  env: BenchEnv,
  messages: { key: string; value: Buffer }[],
) {
  const { url } = await env.newDatabase('single_tx');
  const client = new Client({ connectionString: url });
  await client.connect();
  const started = process.hrtime.bigint();
  for (const m of messages) {
    const eventId = randomUUID();
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO processed_event (consumer, event_id, event_type, topic, partition, "offset", outcome)
       VALUES ('bench', $1, 'OrderHeld', 'bench', 0, 0, 'applied') ON CONFLICT DO NOTHING RETURNING 1`,
      [eventId],
    );
    await client.query(
      `INSERT INTO order_state (order_id, events, last_event_id) VALUES ($1, 1, $2)
       ON CONFLICT (order_id) DO UPDATE SET events = order_state.events + 1, last_event_id = $2`,
      [m.key, eventId],
    );
    await client.query(
      `INSERT INTO outbox_message (topic, key, event_type, event_id, headers, payload)
       VALUES ('bench', $1, 'OrderHoldReleased', $2, '{}', $3)`,
      [m.key, randomUUID(), m.value],
    );
    await client.query('COMMIT');
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await client.end();
  return { events: messages.length, seconds, eventsPerSecond: messages.length / seconds };
}
