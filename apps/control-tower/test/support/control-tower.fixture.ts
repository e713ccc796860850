import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  registerSchemas,
  ConfluentSchemaRegistryAdapter,
  topicSpec,
  topicsConsumedBy,
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
import { SlaWatchdog } from '../../src/application/sla-watchdog/sla-watchdog';
import { slaRulesWith } from '../../src/domain/sla-rules';

export interface ControlTowerFixture {
  app: INestApplication;
  baseUrl: string;
  dataSource: DataSource;
  metrics: Registry;
  watchdog: SlaWatchdog;
  topic(catalogueName: string): string;
  close(): Promise<void>;
}

/** The control tower in-process on a database, topics and group of this test file's own. */
export async function startControlTower(
  name: string,
  serviceUrls: Record<string, string> = {},
): Promise<ControlTowerFixture> {
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
  const consumed = topicsConsumedBy('control-tower').map((t) => t.name);
  const specs = [...consumed, 'control-tower.dlq.v1'].map((t) => ({
    ...topicSpec(t),
    name: topic(t),
  }));
  await ensureTopics(admin, specs);
  await registerSchemas(new ConfluentSchemaRegistryAdapter({ url: stackEndpoints.registryUrl }));
  const metrics = new Registry();
  const module = AppModule.register(
    {
      service: 'control-tower',
      port: 0,
      databaseUrl: db.url,
      kafkaBrokers: stackEndpoints.kafkaBrokers,
      registryUrl: stackEndpoints.registryUrl,
      serviceUrls,
      slaRules: slaRulesWith('released-to-allocated=2'),
      slaCheckIntervalMs: 3_600_000, // the test sweeps by hand
      packedNotLoadedSeconds: 3600,
    },
    {
      consumer: {
        topics: consumed.map(topic),
        groupId: topic('control-tower'),
        deadLetterTopic: topic('control-tower.dlq.v1'),
      },
      relay: { pollIntervalMs: 200 },
      topicName: topic,
      metricsRegistry: metrics,
      logger: silentLogger,
    },
  );
  const app = await NestFactory.create(module, { logger: ['error'], abortOnError: false });
  connectEventTransport(app);
  setUpOpenApi(app);
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  return {
    app,
    baseUrl: (await app.getUrl()).replace('[::1]', '127.0.0.1'),
    dataSource: app.get(DataSource),
    metrics,
    watchdog: app.get(SlaWatchdog),
    topic,
    async close() {
      await app.close();
      await admin.deleteTopics({ topics: specs.map((s) => s.name) }).catch(() => undefined);
      await admin.disconnect();
      await db.drop();
    },
  };
}
