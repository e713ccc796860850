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
  type RuntimeLogger,
} from '@logisync/event-runtime';
import { freshDatabase, stackEndpoints, uniqueName, type FreshDatabase } from '@logisync/test-kit';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { setUpOpenApi } from '../../src/api/http/open-api';
import { AppModule } from '../../src/app.module';
import { defaultTaxRates, type BillingSettings } from '../../src/config';

const consumed = ['order.milestones.v1', 'transport.milestones.v1'];
const produced = ['billing.milestones.v1', 'billing-service.dlq.v1'];

export interface BillingServiceFixture {
  app: INestApplication;
  baseUrl: string;
  dataSource: DataSource;
  codec: EventCodec;
  metrics: Registry;
  databaseUrl: string;
  topic(catalogueName: string): string;
  close(): Promise<void>;
}

let registered: Promise<unknown> | undefined;

/** The service in-process on a database, topics and consumer group of this test file's own. */
export async function startBillingService(
  name: string,
  billing: Partial<BillingSettings> = {},
  logger: RuntimeLogger = silentLogger,
): Promise<BillingServiceFixture> {
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
      service: 'billing-service',
      port: 0,
      databaseUrl: db.url,
      kafkaBrokers: stackEndpoints.kafkaBrokers,
      registryUrl: stackEndpoints.registryUrl,
      billing: {
        reconciliationCron: '0 2 * * *',
        taxRates: { ...defaultTaxRates },
        invoiceSeries: 'INV',
        ...billing,
      },
    },
    {
      consumer: {
        topics: consumed.map(topic),
        groupId: topic('billing-service'),
        deadLetterTopic: topic('billing-service.dlq.v1'),
      },
      relay: { pollIntervalMs: 200 },
      topicName: topic,
      metricsRegistry: metrics,
      logger,
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
    databaseUrl: db.url,
    topic,
    async close() {
      await app.close();
      await admin.deleteTopics({ topics: specs.map((s) => s.name) }).catch(() => undefined);
      await admin.disconnect();
      await db.drop();
    },
  };
}
