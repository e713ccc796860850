import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  ConfluentSchemaRegistryAdapter,
  EventCodec,
  registerSchemas,
  topicsConsumedBy,
  topicSpec,
} from '@logisync/canonical-events';
import {
  createKafka,
  createRuntimeLogger,
  ensureTopics,
  connectEventTransport,
  silentLogger,
} from '@logisync/event-runtime';
import { freshDatabase, stackEndpoints, uniqueName, type FreshDatabase } from '@logisync/test-kit';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { setUpOpenApi } from '../../src/api/http/open-api';
import { AppModule } from '../../src/app.module';
import type { Clock } from '../../src/application/clock';
import { TenderTimeoutSweeper } from '../../src/application/expire-tenders/tender-timeout.sweeper';

const consumed = topicsConsumedBy('transport-service').map((t) => t.name);
const produced = ['transport.milestones.v1', 'transport-service.dlq.v1'];

/** A clock the test moves: tender timeouts and signature ages without waiting. */
export class ManualClock implements Clock {
  private offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface TransportServiceFixture {
  app: INestApplication;
  baseUrl: string;
  dataSource: DataSource;
  databaseUrl: string;
  codec: EventCodec;
  clock: ManualClock;
  sweeper: TenderTimeoutSweeper;
  topic(catalogueName: string): string;
  close(): Promise<void>;
}

let registered: Promise<unknown> | undefined;

/**
 * The service in-process on a database, topics and consumer group of this test file's own,
 * with a manual clock and the tender sweeper's interval off (tests call sweep()).
 */
export async function startTransportService(name: string): Promise<TransportServiceFixture> {
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
  const clock = new ManualClock();
  const module = AppModule.register(
    {
      service: 'transport-service',
      port: 0,
      databaseUrl: db.url,
      kafkaBrokers: stackEndpoints.kafkaBrokers,
      registryUrl: stackEndpoints.registryUrl,
    },
    {
      consumer: {
        topics: consumed.map(topic),
        groupId: topic('transport-service'),
        deadLetterTopic: topic('transport-service.dlq.v1'),
      },
      relay: { pollIntervalMs: 200 },
      topicName: topic,
      metricsRegistry: new Registry(),
      logger: process.env.TRANSPORT_TEST_LOG
        ? createRuntimeLogger('transport-service', 'warn')
        : silentLogger,
      clock,
      tenderSweepIntervalMs: 0,
    },
  );
  const app = await NestFactory.create(module, { logger: false, rawBody: true });
  connectEventTransport(app);
  setUpOpenApi(app);
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  return {
    app,
    baseUrl: await app.getUrl(),
    dataSource: app.get(DataSource),
    databaseUrl: db.url,
    codec: new EventCodec(registry),
    clock,
    sweeper: app.get(TenderTimeoutSweeper),
    topic,
    async close() {
      await app.close();
      await admin.deleteTopics({ topics: specs.map((s) => s.name) }).catch(() => undefined);
      await admin.disconnect();
      await db.drop();
    },
  };
}
