import { ConfluentSchemaRegistryAdapter, EventCodec, topicSpec } from '@logisync/canonical-events';
import { createKafka, ensureTopics, silentLogger } from '@logisync/event-runtime';
import {
  freshDatabase,
  stackEndpoints,
  uniqueName,
  waitFor,
  type FreshDatabase,
} from '@logisync/test-kit';
import type { Admin } from 'kafkajs';
import { Client } from 'pg';
import { kafkaConsumerGroups, parseColumns } from './support/kafka-consumer-groups';
import { runCli } from './support/run-cli';

// order-service consumes these three; the namespace gives this file topics and a group of its own.
const consumed = ['warehouse.milestones.v1', 'transport.milestones.v1', 'billing.milestones.v1'];
const ns = uniqueName('cli_replay');
const topic = (name: string) => `${name}.${ns}`;
const group = `order-service.${ns}`;
const kafka = createKafka({
  clientId: ns,
  brokers: stackEndpoints.kafkaBrokers,
  logger: silentLogger,
});
let admin: Admin;
let ops: FreshDatabase;
const now = Date.now();
const early = now - 3 * 3_600_000;
const late = now - 10 * 60_000;
const lateIso = new Date(late - 60_000).toISOString();

const cli = (...args: string[]) =>
  runCli(['--namespace', ns, '--json', ...args], {
    OPS_DATABASE_URL: ops.url,
    ORDER_SERVICE_URL: 'http://127.0.0.1:9',
  });

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  ops = await freshDatabase('cli_ops');
  await ensureTopics(
    admin,
    consumed.map((t) => ({ ...topicSpec(t), name: topic(t) })),
  );
  const producer = kafka.producer();
  await producer.connect();
  for (const t of consumed) {
    const messages = Array.from({ length: 36 }, (_, i) => ({
      key: `order-${i}`,
      value: `v${i}`,
      timestamp: String(i < 24 ? early + i : late + i),
    }));
    await producer.send({ topic: topic(t), messages });
  }
  await producer.disconnect();
  // The group read everything, except two partitions of one topic that are behind.
  for (const t of consumed) {
    const ends = await admin.fetchTopicOffsets(topic(t));
    await admin.setOffsets({
      groupId: group,
      topic: topic(t),
      partitions: ends.map((e) => ({
        partition: e.partition,
        offset: t === consumed[0] && e.partition < 2 ? '1' : e.high,
      })),
    });
  }
});

afterAll(async () => {
  await admin
    .deleteTopics({ topics: [...consumed, 'ops.audit.v1'].map(topic) })
    .catch(() => undefined);
  await admin.disconnect();
  await ops?.drop();
});

const kafkaKey = (r: Record<string, string>) => `${r.TOPIC}:${r.PARTITION}`;
const ourKey = (r: { topic: string; partition: number }) => `${r.topic}:${r.partition}`;

describe('logisync lag and replay dry-run against kafka-consumer-groups', () => {
  it('reports the same committed offsets, end offsets and lag', async () => {
    const run = await cli('lag', '--service', 'order-service');
    expect(run.code).toBe(0);
    const ours = run.json().services[0].partitions;
    const theirs = parseColumns(kafkaConsumerGroups(['--describe', '--group', group]));
    expect(theirs).toHaveLength(18);
    for (const row of theirs) {
      const mine = ours.find((p: never) => ourKey(p) === kafkaKey(row));
      expect([mine.committed, mine.end, mine.lag].map(String)).toEqual([
        row['CURRENT-OFFSET'],
        row['LOG-END-OFFSET'],
        row.LAG,
      ]);
    }
    expect(run.json().services[0].totalLag).toBeGreaterThan(0);
  });

  it.each([
    ['--to-datetime', lateIso],
    ['--to-earliest'],
    ['--to-offset', '3'],
    ['--by-duration', 'PT1H'],
  ])(
    'plans %s %s with the offsets kafka-consumer-groups --reset-offsets --dry-run computes',
    async (...target) => {
      const run = await cli('replay', '--service', 'order-service', ...target);
      expect(run.code).toBe(0);
      const plan = run.json();
      expect(plan.dryRun).toBe(true);
      const kafkaArgs = target;
      const theirs = parseColumns(
        kafkaConsumerGroups([
          '--reset-offsets',
          '--group',
          group,
          ...consumed.flatMap((t) => ['--topic', topic(t)]),
          ...kafkaArgs,
          '--dry-run',
        ]),
      );
      expect(theirs).toHaveLength(18);
      for (const row of theirs) {
        const mine = plan.partitions.find((p: never) => ourKey(p) === kafkaKey(row));
        expect(String(mine.target)).toBe(row['NEW-OFFSET']);
        if (mine.committed !== null)
          expect(mine.redeliver).toBe(Math.max(0, mine.committed - mine.target));
      }
      // Nothing moved: a dry run changes no offset.
      const after = await admin.fetchOffsets({ groupId: group, topics: [topic(consumed[1])] });
      expect(after[0].partitions.every((p) => p.offset !== '0')).toBe(true);
    },
  );

  it('refuses a move forward without --allow-skip, and audits the refusal', async () => {
    const run = await cli(
      'replay',
      '--service',
      'order-service',
      '--topic',
      consumed[0],
      '--to-offset',
      '5',
      '--partitions',
      '0',
      '--execute',
      '--actor',
      'tester',
    );
    expect(run.code).toBe(4);
    const rows = await auditRows();
    expect(rows[0]).toMatchObject({
      actor: 'tester',
      command: 'replay',
      outcome: 'refused',
      exit_code: 4,
    });
  });

  it('moves an empty group through the Kafka admin API with --execute and audits offsets before and after', async () => {
    const run = await cli(
      'replay',
      '--service',
      'order-service',
      '--topic',
      consumed[1],
      '--topic',
      consumed[2],
      '--to-datetime',
      lateIso,
      '--execute',
      '--actor',
      'alice',
    );
    expect(run.code).toBe(0);
    const result = run.json();
    expect(result.mode).toBe('kafka-admin');
    const theirs = parseColumns(kafkaConsumerGroups(['--describe', '--group', group]));
    for (const p of result.partitions) {
      const row = theirs.find((r) => kafkaKey(r) === ourKey(p))!;
      expect(row['CURRENT-OFFSET']).toBe(String(p.target));
    }
    const [audit] = await auditRows();
    expect(audit).toMatchObject({
      actor: 'alice',
      command: 'replay',
      outcome: 'succeeded',
      exit_code: 0,
    });
    expect(audit.arguments).toEqual(
      expect.arrayContaining(['--execute', '--to-datetime', lateIso]),
    );
    expect(audit.offsets_before).toHaveLength(12);
    expect(result.redeliver).toBeGreaterThan(0);
    expect(audit.offsets_after.map((p: { committed: number }) => p.committed)).toEqual(
      result.partitions.map((p: { target: number }) => p.target),
    );
  });

  it('writes every audit record to ops.audit.v1 too, decodable through the registry', async () => {
    const consumer = kafka.consumer({ groupId: uniqueName('cli_audit_reader') });
    const codec = new EventCodec(
      new ConfluentSchemaRegistryAdapter({ url: stackEndpoints.registryUrl }),
    );
    const seen: { actor: string; outcome: string; command: string }[] = [];
    await consumer.connect();
    await consumer.subscribe({ topics: [topic('ops.audit.v1')], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        seen.push((await codec.decode(message.value)).event as never);
      },
    });
    await waitFor(() => seen.length === 2, { description: 'two audit events' });
    await consumer.disconnect();
    expect(seen.map((e) => [e.actor, e.command, e.outcome])).toEqual([
      ['tester', 'replay', 'REFUSED'],
      ['alice', 'replay', 'SUCCEEDED'],
    ]);
  });

  it('exits 2 on a usage error and lists the audit trail', async () => {
    expect((await cli('replay', '--service', 'order-service')).code).toBe(2);
    expect((await cli('replay', '--service', 'nobody', '--to-earliest')).code).toBe(2);
    const audit = await cli('audit', '--limit', '5');
    expect(audit.code).toBe(0);
    expect(audit.json().actions.map((a: { actor: string }) => a.actor)).toEqual([
      'alice',
      'tester',
    ]);
  });
});

async function auditRows() {
  const client = new Client({ connectionString: ops.url });
  await client.connect();
  try {
    return (await client.query('SELECT * FROM operator_action ORDER BY at DESC')).rows;
  } finally {
    await client.end();
  }
}
