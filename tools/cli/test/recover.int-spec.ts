import { topicSpec } from '@logisync/canonical-events';
import {
  createKafka,
  ensureTopics,
  eventRuntimeMigrations,
  silentLogger,
} from '@logisync/event-runtime';
import { freshDatabase, stackEndpoints, uniqueName, type FreshDatabase } from '@logisync/test-kit';
import type { Admin, Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { runCli } from './support/run-cli';

/**
 * `logisync recover` is the dry run of a service's own-topic recovery: against a database whose
 * recorded positions are behind its topic (a restore) it says how many events the next start
 * adopts, per partition; a database with no position at all is new.
 */
describe('logisync recover (dry run)', () => {
  const namespace = uniqueName('cli_recover');
  const topic = `order.milestones.v1.${namespace}`;
  let kafka: Kafka;
  let admin: Admin;
  let db: FreshDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    kafka = createKafka({
      clientId: namespace,
      brokers: stackEndpoints.kafkaBrokers,
      logger: silentLogger,
    });
    admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [{ ...topicSpec('order.milestones.v1'), name: topic }]);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: Array.from({ length: 5 }, (_, i) => ({ partition: 0, value: `event ${i}` })),
    });
    await producer.disconnect();
    db = await freshDatabase('cli_recover');
    dataSource = await new DataSource({
      type: 'postgres',
      url: db.url,
      migrations: eventRuntimeMigrations,
      migrationsRun: true,
    }).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
    await admin?.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin?.disconnect();
  });

  const recover = () =>
    runCli([
      '--namespace',
      namespace,
      '--json',
      'recover',
      '--service',
      'order-service',
      '--database-url',
      db.url,
    ]);

  it('says a database with no recorded position is new and adopts nothing', async () => {
    const run = await recover();
    expect(run.code).toBe(0);
    expect(run.json()).toMatchObject({ service: 'order-service', newDatabase: true, toAdopt: 0 });
    expect(run.stderr).toMatch(/recorded no position/);
  });

  it('counts what lies past the recorded positions, per partition', async () => {
    await dataSource.query(
      `INSERT INTO published_position (topic, partition, known_offset) VALUES ($1, 0, 2), ($1, 1, 0)`,
      [topic],
    );
    const run = await recover();
    expect(run.code).toBe(0);
    const result = run.json();
    expect(result).toMatchObject({ newDatabase: false, toAdopt: 3 });
    expect(result.partitions).toHaveLength(6);
    expect(result.partitions[0]).toMatchObject({ partition: 0, known: '2', from: '2', to: '5' });
    expect(run.stderr).toMatch(/next start adopts 3 events/);

    const table = await runCli([
      '--namespace',
      namespace,
      'recover',
      '--service',
      'order-service',
      '--database-url',
      db.url,
    ]);
    expect(table.stdout).toMatch(/past the record/);
  });

  it('refuses an unknown service with a usage error', async () => {
    const run = await runCli(['recover', '--service', 'nobody']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/Unknown service 'nobody'/);
  });
});
