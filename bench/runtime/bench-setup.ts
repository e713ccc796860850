import {
  ConfluentSchemaRegistryAdapter,
  createEventMeta,
  EventCodec,
  EventHeader,
  registerSchemas,
  sampleEvent,
} from '@logisync/canonical-events';
import { createKafka, eventRuntimeMigrations, silentLogger } from '@logisync/event-runtime';
import { freshDatabase, stackEndpoints, uniqueName, type FreshDatabase } from '@logisync/test-kit';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';

export interface BenchEnv {
  kafka: Kafka;
  codec: EventCodec;
  suffix: string;
  databases: FreshDatabase[];
  /** On the shared server unless `serverUrl` names another (the system bench's own cluster). */
  newDatabase(name: string, serverUrl?: string): Promise<{ url: string; dataSource: DataSource }>;
  createTopic(name: string, partitions?: number): Promise<string>;
  close(): Promise<void>;
}

const stateTable = `CREATE TABLE order_state (order_id text PRIMARY KEY, events integer NOT NULL, last_event_id uuid NOT NULL)`;

/** Fresh databases and topics of the run's own, on the running stack. */
export async function benchEnv(): Promise<BenchEnv> {
  const suffix = uniqueName('bench');
  const kafka = createKafka({
    clientId: suffix,
    brokers: stackEndpoints.kafkaBrokers,
    logger: silentLogger,
  });
  const registry = new ConfluentSchemaRegistryAdapter({ url: stackEndpoints.registryUrl });
  await registerSchemas(registry);
  const admin = kafka.admin();
  await admin.connect();
  const topics: string[] = [];
  const databases: FreshDatabase[] = [];
  const sources: DataSource[] = [];
  return {
    kafka,
    codec: new EventCodec(registry),
    suffix,
    databases,
    async newDatabase(name, serverUrl) {
      const db = await freshDatabase(`bench_${name}`, serverUrl);
      databases.push(db);
      const dataSource = new DataSource({
        type: 'postgres',
        url: db.url,
        migrations: eventRuntimeMigrations,
        migrationsRun: true,
        extra: { max: 8 },
      });
      await dataSource.initialize();
      await dataSource.query(stateTable);
      sources.push(dataSource);
      return { url: db.url, dataSource };
    },
    async createTopic(name, partitions = 6) {
      const topic = `${name}.${suffix}`;
      await admin.createTopics({
        waitForLeaders: true,
        topics: [{ topic, numPartitions: partitions }],
      });
      topics.push(topic);
      return topic;
    },
    async close() {
      await admin.deleteTopics({ topics }).catch(() => undefined);
      await admin.disconnect();
      for (const s of sources) await s.destroy();
      for (const d of databases) await d.drop();
    },
  };
}

/** `count` encoded OrderHeld events over `orders` keys, ready to produce. */
export async function encodedEvents(codec: EventCodec, count: number, orders: number) {
  const messages = [];
  for (let i = 0; i < count; i++) {
    const orderId = `bench-order-${i % orders}`;
    const event = sampleEvent('OrderHeld', { orderId } as never);
    event.meta = createEventMeta({
      eventType: 'OrderHeld',
      producer: 'bench',
      correlationId: orderId,
      tenant: 'acme',
      region: 'eu-west',
    });
    const { value } = await codec.encode('OrderHeld', event);
    messages.push({
      key: orderId,
      value,
      headers: { [EventHeader.eventId]: event.meta.eventId, [EventHeader.eventType]: 'OrderHeld' },
      event,
    });
  }
  return messages;
}
