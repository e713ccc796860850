/**
 * The same-run baselines of the system benchmark: the handler transaction as a plain pg loop,
 * Kafka's own perf-test tools from the stack's jars, and raw kafkajs.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { stackEndpoints } from '@logisync/test-kit';
import type { BenchEnv } from '../runtime/bench-setup';

/**
 * Dedupe insert + state upsert + outbox insert, one transaction per event, on `connections`
 * connections in parallel for `seconds`.
 */
export async function pgTransactionLoop(
  url: string,
  connections: number,
  seconds: number,
  payload: Buffer,
) {
  const clients = await Promise.all(
    Array.from({ length: connections }, async () => {
      const c = new Client({ connectionString: url });
      await c.connect();
      return c;
    }),
  );
  const deadline = Date.now() + seconds * 1000;
  const latencies: number[] = [];
  const started = process.hrtime.bigint();
  await Promise.all(
    clients.map(async (client, n) => {
      let i = 0;
      while (Date.now() < deadline) {
        const key = `pg-${n}-${i++ % 500}`;
        const eventId = randomUUID();
        const t0 = process.hrtime.bigint();
        await client.query('BEGIN');
        await client.query(
          `INSERT INTO processed_event (consumer, event_id, event_type, topic, partition, "offset", outcome)
           VALUES ('bench', $1, 'OrderHeld', 'bench', 0, 0, 'applied') ON CONFLICT DO NOTHING RETURNING 1`,
          [eventId],
        );
        await client.query(
          `INSERT INTO order_state (order_id, events, last_event_id) VALUES ($1, 1, $2)
           ON CONFLICT (order_id) DO UPDATE SET events = order_state.events + 1, last_event_id = $2`,
          [key, eventId],
        );
        await client.query(
          `INSERT INTO outbox_message (topic, key, event_type, event_id, headers, payload)
           VALUES ('bench', $1, 'OrderHoldReleased', $2, '{}', $3)`,
          [key, randomUUID(), payload],
        );
        await client.query('COMMIT');
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  for (const c of clients) await c.end();
  latencies.sort((a, b) => a - b);
  return {
    connections,
    transactions: latencies.length,
    seconds: elapsed,
    txPerSecond: latencies.length / elapsed,
    p50Ms: latencies[Math.floor(latencies.length * 0.5)],
    p99Ms: latencies[Math.floor(latencies.length * 0.99)],
  };
}

const stackScript = join(__dirname, '..', '..', 'tools', 'stack', 'stack.mjs');

function kafkaTool(tool: string, args: string[]) {
  const r = spawnSync(process.execPath, [stackScript, 'kafka-tool', tool, ...args], {
    encoding: 'utf8',
    timeout: 300_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return { status: r.status, out: `${r.stdout ?? ''}`, err: `${r.stderr ?? ''}` };
}

/** org.apache.kafka.tools.ProducerPerformance (acks=all) into a topic of the run's own. */
export function kafkaProducerPerf(topic: string, records: number, recordSize: number) {
  const r = kafkaTool('producer-perf-test', [
    '--topic',
    topic,
    '--num-records',
    String(records),
    '--record-size',
    String(recordSize),
    '--throughput',
    '-1',
    '--producer-props',
    `bootstrap.servers=${stackEndpoints.kafkaBrokers.join(',')}`,
    'acks=all',
  ]);
  const last = r.out.trim().split('\n').pop() ?? '';
  const m = /([\d.]+) records\/sec \(([\d.]+) MB\/sec\), ([\d.]+) ms avg latency/.exec(last);
  if (!m) return { ok: false, error: `${r.out.slice(-500)}\n${r.err.slice(-500)}` };
  return {
    ok: true,
    records,
    recordSize,
    recordsPerSecond: Number(m[1]),
    mbPerSecond: Number(m[2]),
    avgLatencyMs: Number(m[3]),
    line: last,
  };
}

/** org.apache.kafka.tools.consumer.ConsumerPerformance over the same topic. */
export function kafkaConsumerPerf(topic: string, records: number) {
  const r = kafkaTool('consumer-perf-test', [
    '--bootstrap-server',
    stackEndpoints.kafkaBrokers.join(','),
    '--topic',
    topic,
    '--messages',
    String(records),
    '--timeout',
    '60000',
  ]);
  const lines = r.out
    .trim()
    .split('\n')
    .filter((l) => l.includes(','));
  const header = lines.find((l) => l.includes('nMsg.sec'));
  const values = header ? lines[lines.indexOf(header) + 1] : undefined;
  if (!header || !values) return { ok: false, error: `${r.out.slice(-500)}\n${r.err.slice(-500)}` };
  const cols = header.split(',').map((s) => s.trim());
  const vals = values.split(',').map((s) => s.trim());
  const get = (name: string) => Number(vals[cols.indexOf(name)]);
  return {
    ok: true,
    records: get('data.consumed.in.nMsg'),
    recordsPerSecond: get('nMsg.sec'),
    fetchRecordsPerSecond: get('fetch.nMsg.sec'),
    mbPerSecond: get('MB.sec'),
    rebalanceMs: get('rebalance.time.ms'),
  };
}

/** Raw kafkajs: produce `messages` (acks=all, batches of 500), then consume them back. */
export async function rawKafkajs(
  env: BenchEnv,
  messages: { key: string; value: Buffer }[],
): Promise<{
  produce: number;
  consume: number | undefined;
  consumeWithGroupJoin: number;
  events: number;
}> {
  const topic = await env.createTopic('raw-kafkajs', 6);
  const producer = env.kafka.producer();
  await producer.connect();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < messages.length; i += 500)
    await producer.send({ topic, acks: -1, messages: messages.slice(i, i + 500) });
  const produceSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  await producer.disconnect();
  const consumer = env.kafka.consumer({ groupId: `raw-consume-${env.suffix}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let seen = 0;
  let first: bigint | undefined;
  const runAt = process.hrtime.bigint();
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  await consumer.run({
    partitionsConsumedConcurrently: 3,
    eachBatch: async ({ batch }) => {
      first ??= process.hrtime.bigint();
      seen += batch.messages.length;
      if (seen >= messages.length) done();
    },
  });
  await Promise.race([finished, new Promise((r) => setTimeout(r, 120_000))]);
  const end = process.hrtime.bigint();
  const fromFirstBatch = Number(end - (first ?? end)) / 1e9;
  const withJoin = Number(end - runAt) / 1e9;
  await consumer.disconnect();
  return {
    events: messages.length,
    produce: messages.length / produceSeconds,
    // From the first batch: close to the fetch ceiling, unreliable for small counts.
    consume: fromFirstBatch > 0.05 ? seen / fromFirstBatch : undefined,
    consumeWithGroupJoin: seen / withJoin,
  };
}

/**
 * The baselines after the system is stopped, in the same run: the pg loop on the cluster the
 * services used (connected as they were, and once over TCP), Kafka's perf tools and raw
 * kafkajs with the run's median event size.
 */
export async function runBaselines(
  env: BenchEnv,
  quick: boolean,
  medianSize: number,
  pgServerUrl: string,
  viaLocalSocket: (url: string) => Promise<string>,
  encoded: (count: number) => Promise<{ key: string; value: Buffer }[]>,
) {
  const round = (v: number) => Math.round(v * 10) / 10;
  const { url: pgUrl } = await env.newDatabase('sys_pgloop', pgServerUrl);
  const payload = Buffer.alloc(medianSize, 7);
  const seconds = quick ? 4 : 10;
  const serviceUrl = await viaLocalSocket(pgUrl);
  const pg1 = await pgTransactionLoop(serviceUrl, 1, seconds, payload);
  const pg4 = await pgTransactionLoop(serviceUrl, 4, seconds, payload);
  const pg1Tcp =
    serviceUrl === pgUrl ? undefined : await pgTransactionLoop(pgUrl, 1, seconds, payload);
  const perfTopic = await env.createTopic('perf', 6);
  const records = quick ? 50_000 : 200_000;
  const producerPerf = kafkaProducerPerf(perfTopic, records, medianSize);
  const consumerPerf = kafkaConsumerPerf(perfTopic, records);
  const messages = await encoded(quick ? 10_000 : 40_000);
  const kafkajs = await rawKafkajs(env, messages);
  console.log(
    `    pg loop ${round(pg1.txPerSecond)} tx/s (1 conn), ${round(pg4.txPerSecond)} tx/s (4)` +
      (pg1Tcp ? `, ${round(pg1Tcp.txPerSecond)} tx/s (1 conn over TCP); ` : '; ') +
      `kafka perf produce ${producerPerf.recordsPerSecond}/s, consume ${consumerPerf.recordsPerSecond}/s; ` +
      `kafkajs produce ${round(kafkajs.produce)}/s, consume ${
        kafkajs.consume === undefined
          ? 'too fast to time from the first batch (all within 50 ms)'
          : `${round(kafkajs.consume)}/s`
      } (${round(kafkajs.consumeWithGroupJoin)}/s with the group join)`,
  );
  return {
    pgTransactionLoop: {
      cluster: "the benchmark's own, as the services used it",
      connection: serviceUrl === pgUrl ? 'tcp' : 'unix socket',
      oneConnection: pg1,
      fourConnections: pg4,
      ...(pg1Tcp ? { oneConnectionTcp: pg1Tcp } : {}),
    },
    kafkaProducerPerfTest: producerPerf,
    kafkaConsumerPerfTest: consumerPerf,
    rawKafkajs: { ...kafkajs, eventBytes: messages[0]?.value.length },
  };
}
