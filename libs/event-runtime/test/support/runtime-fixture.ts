import {
  ConfluentSchemaRegistryAdapter,
  EventCodec,
  registerSchemas,
  topicCatalogue,
  topicSpec,
  type TopicSpec,
} from '@logisync/canonical-events';
import { freshDatabase, stackEndpoints, uniqueName, type FreshDatabase } from '@logisync/test-kit';
import type { Admin, Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { createKafka, ensureTopics, eventRuntimeMigrations, silentLogger } from '../../src';
import { TestEffects1764115300000 } from './test-effects.migration';

export interface RuntimeFixture {
  db: FreshDatabase;
  dataSource: DataSource;
  kafka: Kafka;
  admin: Admin;
  codec: EventCodec;
  /** This file's own name for a catalogue topic. */
  topic(catalogueName: string): string;
  close(): Promise<void>;
}

let registered: Promise<unknown> | undefined;

/** A database, topics and a codec of this test file's own, against the real stack. */
export async function createRuntimeFixture(
  name: string,
  topics: string[],
  databaseServerUrl = stackEndpoints.databaseUrl,
): Promise<RuntimeFixture> {
  const suffix = uniqueName(name);
  const topic = (catalogueName: string) => `${catalogueName}.${suffix}`;
  const db = await freshDatabase(name, databaseServerUrl);
  const dataSource = await openDataSource(db.url);
  const kafka = createKafka({
    clientId: suffix,
    brokers: stackEndpoints.kafkaBrokers,
    logger: silentLogger,
  });
  const admin = kafka.admin();
  await admin.connect();
  const specs: TopicSpec[] = topics.map((t) => ({ ...topicSpec(t), name: topic(t) }));
  await ensureTopics(admin, specs);
  const registry = new ConfluentSchemaRegistryAdapter({ url: stackEndpoints.registryUrl });
  registered ??= registerSchemas(registry);
  await registered;
  return {
    db,
    dataSource,
    kafka,
    admin,
    codec: new EventCodec(registry),
    topic,
    async close() {
      await admin.deleteTopics({ topics: specs.map((s) => s.name) }).catch(() => undefined);
      await admin.disconnect();
      await dataSource.destroy();
      await db.drop();
    },
  };
}

export async function openDataSource(url: string): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    migrations: [...eventRuntimeMigrations, TestEffects1764115300000],
    migrationsRun: true,
    extra: { max: 8 },
  });
  await dataSource.initialize();
  return dataSource;
}

export const milestoneTopics = topicCatalogue
  .filter((t) => t.kind === 'milestones')
  .map((t) => t.name);
