// End-to-end check that kafkajs (the version installed at the root) works
// against the running broker: every admin, producer and consumer call the
// project relies on, one row per call. Used to choose the Kafka version
// (tools/stack/README.md) and re-runnable after any upgrade:
//
//   node tools/stack/kafkajs-smoke.mjs      (exit 1 when any check fails)
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { compareApiVersions } from './api-versions.mjs';

const require = createRequire(import.meta.url);
const { Kafka, logLevel, CompressionTypes } = require('kafkajs');

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const kafka = new Kafka({ clientId: 'stack-smoke', brokers, logLevel: logLevel.NOTHING });
const results = [];
const withTimeout = (p, ms, what) =>
  Promise.race([
    p,
    new Promise((_, rej) => setTimeout(() => rej(new Error(`timeout: ${what}`)), ms)),
  ]);

async function check(area, name, fn) {
  const t0 = Date.now();
  try {
    const note = await withTimeout(fn(), 30000, name);
    results.push({
      area,
      call: name,
      ok: 'yes',
      ms: Date.now() - t0,
      note: typeof note === 'string' ? note : '',
    });
  } catch (e) {
    results.push({
      area,
      call: name,
      ok: 'NO',
      ms: Date.now() - t0,
      note: `${e.name}: ${e.message}`.slice(0, 90),
    });
  }
}

async function waitFor(cond, ms = 20000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('condition not met in time');
}

const topic = `smoke-${randomUUID()}`;
const group = `smoke-g-${randomUUID()}`;
const admin = kafka.admin();
await admin.connect();
const seen = [];

await check('protocol', 'ApiVersions overlap', async () => {
  const bad = (await compareApiVersions(brokers[0])).filter((r) => r.verdict.startsWith('BROKEN'));
  if (bad.length) throw new Error(bad.map((r) => r.api).join(','));
});
await check(
  'admin',
  'describeCluster',
  async () => `${(await admin.describeCluster()).brokers.length} broker`,
);
await check('admin', 'createTopics', async () => {
  if (!(await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true })))
    throw new Error('not created');
});
await check('admin', 'listTopics', async () => {
  if (!(await admin.listTopics()).includes(topic)) throw new Error('missing');
});
await check('admin', 'fetchTopicMetadata', async () => {
  const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
  return `${topics[0].partitions.length} partitions`;
});
await check('admin', 'createPartitions', () =>
  admin.createPartitions({ topicPartitions: [{ topic, count: 4 }] }),
);
await check('admin', 'describeConfigs', async () => {
  const r = await admin.describeConfigs({
    resources: [{ type: 2, name: topic }],
    includeSynonyms: false,
  });
  return `${r.resources[0].configEntries.length} entries`;
});
await check('admin', 'describeConfigs (broker)', async () => {
  const r = await admin.describeConfigs({
    resources: [{ type: 4, name: '1', configNames: ['auto.create.topics.enable'] }],
  });
  return `auto.create.topics.enable=${r.resources[0].configEntries[0]?.configValue}`;
});
await check('admin', 'alterConfigs', () =>
  admin.alterConfigs({
    resources: [{ type: 2, name: topic, configEntries: [{ name: 'retention.ms', value: '-1' }] }],
  }),
);

const plain = kafka.producer();
await plain.connect();
await check('producer', 'send acks=-1 gzip', () =>
  plain.send({
    topic,
    acks: -1,
    compression: CompressionTypes.GZIP,
    messages: [{ key: 'a', value: 'plain-1' }],
  }),
);
await check('producer', 'sendBatch', () =>
  plain.sendBatch({
    topicMessages: [
      {
        topic,
        messages: [
          { key: 'b', value: 'batch-1' },
          { key: 'c', value: 'batch-2' },
        ],
      },
    ],
  }),
);
await plain.disconnect();

const idem = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
await check('producer', 'idempotent (InitProducerId + send)', async () => {
  await idem.connect();
  for (let i = 0; i < 5; i++)
    await idem.send({ topic, messages: [{ key: 'same', value: `idem-${i}` }] });
  await idem.disconnect();
});
const txp = kafka.producer({
  transactionalId: `smoke-tx-${randomUUID()}`,
  idempotent: true,
  maxInFlightRequests: 1,
});
await check('producer', 'transaction commit (optional)', async () => {
  await txp.connect();
  const tx = await txp.transaction();
  await tx.send({ topic, messages: [{ key: 'tx', value: 'tx-1' }] });
  await tx.commit();
});
await check('producer', 'transaction sendOffsets + abort (optional)', async () => {
  const tx = await txp.transaction();
  await tx.send({ topic, messages: [{ key: 'tx', value: 'tx-aborted' }] });
  await tx.sendOffsets({
    consumerGroupId: `${group}-tx`,
    topics: [{ topic, partitions: [{ partition: 0, offset: '0' }] }],
  });
  await tx.abort();
  await txp.disconnect();
});
const expected = 9; // the aborted record stays invisible to read_committed consumers

const consumer = kafka.consumer({ groupId: group });
await check('consumer', 'join group + eachMessage + autocommit', async () => {
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => void seen.push(message.value.toString()),
  });
  await waitFor(() => seen.length >= expected);
  if (seen.includes('tx-aborted')) throw new Error('aborted record delivered');
  return `${seen.length} messages`;
});
await check('consumer', 'commitOffsets (manual)', async () => {
  const offs = await admin.fetchTopicOffsets(topic);
  await consumer.commitOffsets(
    offs.map((p) => ({ topic, partition: p.partition, offset: p.high })),
  );
});
await check('admin', 'fetchTopicOffsets', async () => {
  const offs = await admin.fetchTopicOffsets(topic);
  return `high sum ${offs.reduce((s, p) => s + Number(p.high), 0)}`;
});
await check('admin', 'fetchTopicOffsetsByTimestamp', async () => {
  const r = await admin.fetchTopicOffsetsByTimestamp(topic, Date.now() - 60000);
  return `${r.length} partitions`;
});
await check('admin', 'fetchOffsets', async () => {
  await waitFor(async () => {
    const [t] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    return t.partitions.reduce((s, p) => s + Math.max(0, Number(p.offset)), 0) >= expected;
  });
});
await check('admin', 'describeGroups (Stable)', async () => {
  const { groups } = await admin.describeGroups([group]);
  return `${groups[0].state}, ${groups[0].members.length} member`;
});
await check('admin', 'listGroups', async () => {
  if (!(await admin.listGroups()).groups.some((g) => g.groupId === group))
    throw new Error('missing');
});
await check('consumer', 'pause/resume + seek', async () => {
  consumer.pause([{ topic }]);
  consumer.resume([{ topic }]);
  const before = seen.length;
  consumer.seek({ topic, partition: 0, offset: '0' });
  const { high } = (await admin.fetchTopicOffsets(topic)).find((p) => p.partition === 0);
  if (Number(high) > 0) await waitFor(() => seen.length > before);
});
await check('consumer', 'disconnect (LeaveGroup)', () => consumer.disconnect());
async function reread(fromBeginning) {
  const again = [];
  const c2 = kafka.consumer({ groupId: group });
  await c2.connect();
  await c2.subscribe({ topics: [topic], fromBeginning });
  await c2.run({ eachMessage: async ({ message }) => void again.push(message.value.toString()) });
  try {
    await waitFor(() => again.length >= expected);
  } finally {
    await c2.disconnect();
  }
  return `${again.length} messages`;
}
// kafkajs commits the sentinel -2 for "earliest"; the next consumer resolves a
// negative committed offset with ITS OWN fromBeginning, so it must pass true.
await check('admin', 'resetOffsets (earliest)', () =>
  admin.resetOffsets({ groupId: group, topic, earliest: true }),
);
await check('consumer', 're-read after resetOffsets (fromBeginning:true)', () => reread(true));
await check('admin', 'setOffsets (explicit low watermarks)', async () => {
  const offs = await admin.fetchTopicOffsets(topic);
  await admin.setOffsets({
    groupId: group,
    topic,
    partitions: offs.map((p) => ({ partition: p.partition, offset: p.low })),
  });
});
await check('consumer', 're-read after setOffsets (fromBeginning:false)', () => reread(false));
await check('admin', 'deleteTopicRecords', () =>
  admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '-1' }] }),
);
await check('admin', 'deleteGroups', () => admin.deleteGroups([group]));
await check('admin', 'deleteTopics', async () => {
  await admin.deleteTopics({ topics: [topic] });
  await waitFor(async () => !(await admin.listTopics()).includes(topic));
});
await admin.disconnect();

console.table(results);
const failed = results.filter((r) => r.ok !== 'yes' && !r.call.includes('(optional)'));
console.log(`${results.length - failed.length} passed, ${failed.length} failed`);
process.exit(failed.length ? 1 : 0);
