import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  ConfluentSchemaRegistryAdapter,
  EventCodec,
  registerSchemas,
  topicSpec,
} from '@logisync/canonical-events';
import {
  createKafka,
  ensureTopics,
  connectEventTransport,
  silentLogger,
} from '@logisync/event-runtime';
import { freshDatabase, stackEndpoints, uniqueName, type FreshDatabase } from '@logisync/test-kit';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { setUpOpenApi } from '../../src/api/http/open-api';
import { AppModule } from '../../src/app.module';

const consumed = ['warehouse.milestones.v1', 'transport.milestones.v1', 'billing.milestones.v1'];
const produced = ['order.milestones.v1', 'order-service.dlq.v1'];

export interface OrderServiceFixture {
  app: INestApplication;
  baseUrl: string;
  dataSource: DataSource;
  codec: EventCodec;
  metrics: Registry;
  topic(catalogueName: string): string;
  close(): Promise<void>;
}

let registered: Promise<unknown> | undefined;

/** The service in-process on a database, topics and consumer group of this test file's own. */
export async function startOrderService(name: string): Promise<OrderServiceFixture> {
  const suffix = uniqueName(name);
  const topic = (catalogueName: string) => `${catalogueName}.${suffix}`;
  const db: FreshDatabase = await freshDatabase(name);
  const kafka = createKafka({
    clientId: suffix,
    brokers: stackEndpoints.kafkaBrokers,
    logger: silentLogger,
  });
  const admin = kafka.admin();
  await admin.connect();
  const specs = [...consumed, ...produced].map((t) => ({ ...topicSpec(t), name: topic(t) }));
  await ensureTopics(admin, specs);
  const registry = new ConfluentSchemaRegistryAdapter({ url: stackEndpoints.registryUrl });
  registered ??= registerSchemas(registry);
  await registered;
  const metrics = new Registry();
  const module = AppModule.register(
    {
      service: 'order-service',
      port: 0,
      databaseUrl: db.url,
      kafkaBrokers: stackEndpoints.kafkaBrokers,
      registryUrl: stackEndpoints.registryUrl,
    },
    {
      consumer: {
        topics: consumed.map(topic),
        groupId: topic('order-service'),
        deadLetterTopic: topic('order-service.dlq.v1'),
      },
      relay: { pollIntervalMs: 200 },
      topicName: topic,
      metricsRegistry: metrics,
      logger: silentLogger,
    },
  );
  const app = await NestFactory.create(module, { logger: false });
  connectEventTransport(app);
  setUpOpenApi(app);
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  return {
    app,
    baseUrl: await app.getUrl(),
    dataSource: app.get(DataSource),
    codec: new EventCodec(registry),
    metrics,
    topic,
    async close() {
      await app.close();
      await admin.deleteTopics({ topics: specs.map((s) => s.name) }).catch(() => undefined);
      await admin.disconnect();
      await db.drop();
    },
  };
}
