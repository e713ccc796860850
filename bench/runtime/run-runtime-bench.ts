/**
 * npm run bench:runtime [-- --events 20000 --orders 500 --batch 200 --quick]
 *
 * Measures, in one run on the same machine, events applied per second by a service-shaped
 * consumer of the runtime (consume, dedupe, state update, outbox insert, relay publish)
 * against two baselines: raw kafkajs consume-then-produce, and the same work as one
 * PostgreSQL transaction per event on one connection. Writes bench/results/runtime-<date>.json.
 */
import { stackEndpoints } from '@logisync/test-kit';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchEnv, encodedEvents } from './bench-setup';
import { measureRawKafka, measureSingleTransactions } from './measure-baselines';
import { measureRuntime } from './measure-runtime';

const { values } = parseArgs({
  options: {
    events: { type: 'string' },
    orders: { type: 'string', default: '500' },
    batch: { type: 'string', default: '200' },
    quick: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

async function main() {
  if (values.help) {
    console.log('Usage: npm run bench:runtime -- [--events N] [--orders K] [--batch B] [--quick]');
    return;
  }
  const count = Number(values.events ?? (values.quick ? 3_000 : 20_000));
  const singleTxCount = Math.min(count, values.quick ? 1_500 : 5_000);
  const env = await benchEnv();
  try {
    console.log(`stack: ${stackEndpoints.kafkaBrokers.join(',')}  ${cpus().length} cores`);
    console.log(`preparing ${count} events over ${values.orders} orders...`);
    const messages = await encodedEvents(env.codec, count, Number(values.orders));
    const source = await env.createTopic('bench-source');
    const producer = env.kafka.producer();
    await producer.connect();
    for (let i = 0; i < messages.length; i += 1_000) {
      const chunk = messages
        .slice(i, i + 1_000)
        .map(({ key, value, headers }) => ({ key, value, headers }));
      await producer.send({ topic: source, acks: -1, messages: chunk });
    }
    await producer.disconnect();

    console.log('1/3 raw kafkajs consume-then-produce...');
    const raw = await measureRawKafka(env, source, count);
    console.log(`    ${raw.eventsPerSecond.toFixed(0)} events/s`);
    console.log(
      `2/3 one transaction per event through pg on one connection (${singleTxCount} events)...`,
    );
    const singleTx = await measureSingleTransactions(env, messages.slice(0, singleTxCount));
    console.log(`    ${singleTx.eventsPerSecond.toFixed(0)} events/s`);
    console.log(
      `3/3 the runtime: consume, dedupe, state, outbox, relay (${values.batch} events per transaction)...`,
    );
    const applied = await measureRuntime(env, source, count, Number(values.batch));
    console.log(`    ${applied.eventsPerSecond.toFixed(0)} events/s`);

    const result = {
      date: new Date().toISOString(),
      machine: { cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30) },
      parameters: {
        events: count,
        orders: Number(values.orders),
        eventsPerTransaction: Number(values.batch),
        quick: values.quick,
      },
      applied,
      raw_kafkajs: raw,
      single_tx: singleTx,
      ratio_applied_vs_single_tx: applied.eventsPerSecond / singleTx.eventsPerSecond,
      ratio_applied_vs_raw_kafkajs: applied.eventsPerSecond / raw.eventsPerSecond,
    };
    console.log('\n| path | events | seconds | events/s |\n| --- | ---: | ---: | ---: |');
    for (const [name, r] of [
      ['runtime (applied)', applied],
      ['raw kafkajs', raw],
      ['single tx per event', singleTx],
    ] as const) {
      console.log(
        `| ${name} | ${r.events} | ${r.seconds.toFixed(2)} | ${r.eventsPerSecond.toFixed(0)} |`,
      );
    }
    console.log(
      `\nratio_applied_vs_single_tx   = ${result.ratio_applied_vs_single_tx.toFixed(2)} (goal >= 2)`,
    );
    console.log(`ratio_applied_vs_raw_kafkajs = ${result.ratio_applied_vs_raw_kafkajs.toFixed(2)}`);
    const dir = join(__dirname, '../results');
    mkdirSync(dir, { recursive: true });
    const file = join(
      dir,
      `runtime-${result.date.slice(0, 10)}${values.quick ? '-quick' : ''}.json`,
    );
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`written ${file}`);
  } finally {
    await env.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
