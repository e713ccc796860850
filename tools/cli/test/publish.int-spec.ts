import {
  ConfluentSchemaRegistryAdapter,
  EventCodec,
  registerSchemas,
  topicSpec,
} from '@logisync/canonical-events';
import { createKafka, ensureTopics, silentLogger } from '@logisync/event-runtime';
import { freshDatabase, stackEndpoints, uniqueName, type FreshDatabase } from '@logisync/test-kit';
import type { Admin } from 'kafkajs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './support/run-cli';

const ns = uniqueName('cli_publish');
const topic = `carrier.events.v1.${ns}`;
const kafka = createKafka({
  clientId: ns,
  brokers: stackEndpoints.kafkaBrokers,
  logger: silentLogger,
});
const registry = new ConfluentSchemaRegistryAdapter({ url: stackEndpoints.registryUrl });
const dir = mkdtempSync(join(tmpdir(), 'logisync-publish-'));
let admin: Admin;
let ops: FreshDatabase;

const cli = (...args: string[]) =>
  runCli(['--namespace', ns, '--json', ...args], { OPS_DATABASE_URL: ops.url });

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content, null, 2));
  return path;
}

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  ops = await freshDatabase('cli_publish_ops');
  await ensureTopics(admin, [{ ...topicSpec('carrier.events.v1'), name: topic }]);
  await registerSchemas(registry);
});

afterAll(async () => {
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  await ops?.drop();
});

describe('logisync publish', () => {
  it('reports every problem field by field and exits 3', async () => {
    const template = (
      await cli('publish', '--type', 'CarrierMilestoneReported', '--template')
    ).json();
    const broken = { ...template, code: 'TELEPORTED', milestoneAt: 'soon', colour: 'red' };
    delete broken.trackingNumber;
    const run = await cli(
      'publish',
      '--type',
      'CarrierMilestoneReported',
      '--file',
      file('broken.json', broken),
    );
    expect(run.code).toBe(3);
    const problems = run
      .json()
      .problems.map((p: { path: string }) => p.path)
      .sort();
    expect(problems).toEqual(['code', 'colour', 'milestoneAt', 'trackingNumber']);
  });

  it('validates a good event in a dry run, then publishes it through the codec with --execute', async () => {
    const template = (
      await cli('publish', '--type', 'CarrierMilestoneReported', '--template')
    ).json();
    const { meta: _meta, ...withoutMeta } = template;
    const event = {
      ...withoutMeta,
      meta: { tenant: 'acme', region: 'eu-west' },
      trackingNumber: 'TRK-42',
    };
    const path = file('good.json', event);
    const dry = await cli(
      'publish',
      '--type',
      'CarrierMilestoneReported',
      '--file',
      path,
      '--fill-meta',
    );
    expect(dry.code).toBe(0);
    expect(dry.json()).toMatchObject({ valid: true, dryRun: true, topic, key: 'TRK-42' });
    expect((await admin.fetchTopicOffsets(topic)).every((p) => p.high === '0')).toBe(true);

    const run = await cli(
      'publish',
      '--type',
      'CarrierMilestoneReported',
      '--file',
      path,
      '--fill-meta',
      '--execute',
      '--actor',
      'carrier-x',
    );
    expect(run.code).toBe(0);
    const receipt = run.json();
    expect(receipt).toMatchObject({ topic, key: 'TRK-42' });

    const consumer = kafka.consumer({ groupId: uniqueName('cli_publish_reader') });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const message = await new Promise<{
      key: Buffer | null;
      value: Buffer | null;
      headers?: Record<string, unknown>;
    }>((resolve) => {
      void consumer.run({ eachMessage: async ({ message: m }) => resolve(m) });
    });
    await consumer.disconnect();
    expect(message.key?.toString()).toBe('TRK-42');
    const decoded = await new EventCodec(registry).decode(message.value);
    expect(decoded.eventType).toBe('CarrierMilestoneReported');
    expect(decoded.event).toMatchObject({
      trackingNumber: 'TRK-42',
      meta: { tenant: 'acme', producer: 'external' },
    });
    expect(String(message.headers?.['event-type'])).toBe('CarrierMilestoneReported');

    const [audit] = (await cli('audit', '--command', 'publish')).json().actions;
    expect(audit).toMatchObject({ actor: 'carrier-x', outcome: 'succeeded' });
    expect(audit.offsetsAfter[0]).toMatchObject({ topic, offset: receipt.offset });
  });
});
