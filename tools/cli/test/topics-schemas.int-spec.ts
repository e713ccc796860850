import {
  registerSchemas,
  ConfluentSchemaRegistryAdapter,
  topicCatalogue,
} from '@logisync/canonical-events';
import { createKafka, silentLogger } from '@logisync/event-runtime';
import { freshDatabase, stackEndpoints, uniqueName, type FreshDatabase } from '@logisync/test-kit';
import { runCli } from './support/run-cli';

const ns = uniqueName('cli_topics');
let ops: FreshDatabase;
const cli = (...args: string[]) =>
  runCli(['--namespace', ns, '--json', ...args], { OPS_DATABASE_URL: ops.url });

beforeAll(async () => {
  ops = await freshDatabase('cli_topics_ops');
});

afterAll(async () => {
  const admin = createKafka({
    clientId: ns,
    brokers: stackEndpoints.kafkaBrokers,
    logger: silentLogger,
  }).admin();
  await admin.connect();
  await admin
    .deleteTopics({ topics: topicCatalogue.map((t) => `${t.name}.${ns}`) })
    .catch(() => undefined);
  await admin.disconnect();
  await ops?.drop();
});

describe('logisync topics and schemas', () => {
  it('lists the catalogue, creates what is missing with topics ensure --execute, and audits it', async () => {
    const listed = (await cli('topics')).json().topics;
    expect(listed).toHaveLength(topicCatalogue.length);
    expect(listed.every((t: { exists: boolean }) => !t.exists)).toBe(true);
    const dry = await cli('topics', 'ensure');
    expect(dry.json().missing).toHaveLength(topicCatalogue.length);
    const run = await cli('topics', 'ensure', '--execute', '--actor', 'platform');
    expect(run.code).toBe(0);
    expect(run.json().created).toHaveLength(topicCatalogue.length);
    const after = (await cli('topics')).json().topics;
    expect(
      after.every(
        (t: { exists: boolean; live: number; partitions: number }) =>
          t.exists && t.live === t.partitions,
      ),
    ).toBe(true);
    const again = await cli('topics', 'ensure', '--execute');
    expect(again.json()).toMatchObject({ created: [], drift: [] });
    const [audit] = (await cli('audit', '--command', 'topics ensure', '--actor', 'platform')).json()
      .actions;
    expect(audit).toMatchObject({ outcome: 'succeeded' });
  });

  it('schemas check finds every version compatible and registered; register is idempotent', async () => {
    await registerSchemas(new ConfluentSchemaRegistryAdapter({ url: stackEndpoints.registryUrl }));
    const check = await cli('schemas', 'check');
    expect(check.code).toBe(0);
    expect(check.json().compatible).toBe(true);
    expect(
      check.json().registry.every((r: { schemaId: number | null }) => r.schemaId !== null),
    ).toBe(true);
    const dry = await cli('schemas', 'register');
    expect(dry.json()).toMatchObject({ dryRun: true, missing: [] });
    const run = await cli('schemas', 'register', '--execute');
    expect(run.code).toBe(0);
    expect(run.json().newlyRegistered).toBe(0);
  });
});
