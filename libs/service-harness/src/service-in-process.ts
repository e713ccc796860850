import 'reflect-metadata';
import type { DynamicModule, INestApplication, NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  ConfluentSchemaRegistryAdapter,
  deadLetterTopicOf,
  EventCodec,
  registerSchemas,
  topicCatalogue,
  topicsConsumedBy,
  topicSpec,
  type ServiceName,
} from '@logisync/canonical-events';
import {
  connectEventTransport,
  createKafka,
  ensureTopics,
  loadKafkaSecurity,
  silentLogger,
  type RuntimeLogger,
  type RuntimeOverrides,
} from '@logisync/event-runtime';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import {
  generateApiKey,
  hashApiKey,
  type ApiClient,
  type ApiGovernanceOptions,
} from '@logisync/http-kit';
import { freshDatabase, httpClient, stackEndpoints, uniqueName } from '@logisync/test-kit';
import { recordStatements, type StatementLog } from './statement-log';
import { testLog } from './test-log';

export interface InProcessServiceOptions {
  /** Names the test's database, topics and consumer group. */
  name: string;
  service: ServiceName;
  /** The service's module on this database, with the runtime overrides for its own topics. */
  module(context: { databaseUrl: string; runtime: RuntimeOverrides }): DynamicModule;
  /** After creation, before listening: OpenAPI and the like. */
  configure?(app: INestApplication): void;
  nestOptions?: NestApplicationOptions;
  /** The runtime's logger; by default warnings and errors go to test-artifacts/logs/<name>.log. */
  logger?: RuntimeLogger;
  /** The PostgreSQL server of the test's database; the shared one by default. */
  databaseServerUrl?: string;
  /** More API clients beside the default one, `test`, which holds every scope (`*`). */
  apiClients?: ApiClient[];
}

export interface InProcessService {
  app: INestApplication;
  baseUrl: string;
  dataSource: DataSource;
  databaseUrl: string;
  codec: EventCodec;
  metrics: Registry;
  /** The key of the `test` client, which holds every scope. */
  apiKey: string;
  /** A JSON client on baseUrl that sends apiKey. */
  http: ReturnType<typeof httpClient>;
  /** The test's own copy of a catalogue topic. */
  topic(catalogueName: string): string;
  /** The SQL statements each request sent, by the `x-request-id` the test gave it. */
  statements: StatementLog;
  close(): Promise<void>;
}

let registered: Promise<unknown> | undefined;

/**
 * A service in-process on the real stack, on a fresh database and its own copies of the topics
 * it consumes and produces (and its consumer group and dead letters), so test files run in
 * parallel without meeting. The schemas are registered once per process.
 */
export async function startServiceInProcess(o: InProcessServiceOptions): Promise<InProcessService> {
  const suffix = uniqueName(o.name);
  const topic = (catalogueName: string) => `${catalogueName}.${suffix}`;
  const db = await freshDatabase(o.name, o.databaseServerUrl);
  const admin = createKafka({
    ...loadKafkaSecurity(process.env),
    clientId: suffix,
    brokers: stackEndpoints.kafkaBrokers,
    logger: silentLogger,
  }).admin();
  await admin.connect();
  const consumed = topicsConsumedBy(o.service).map((t) => t.name);
  const produced = [
    ...topicCatalogue.filter((t) => t.producer === o.service).map((t) => t.name),
    deadLetterTopicOf(o.service),
  ];
  const specs = [...new Set([...consumed, ...produced])].map((t) => ({
    ...topicSpec(t),
    name: topic(t),
  }));
  await ensureTopics(admin, specs);
  const registry = new ConfluentSchemaRegistryAdapter({ url: stackEndpoints.registryUrl });
  registered ??= registerSchemas(registry);
  await registered;
  const metrics = new Registry();
  const apiKey = generateApiKey();
  const api: ApiGovernanceOptions = {
    clients: [
      { client: 'test', keySha256: hashApiKey(apiKey), scopes: ['*'] },
      ...(o.apiClients ?? []),
    ],
    rateLimit: { perSecond: 10_000, burst: 10_000 },
    idempotencyTtlMs: 24 * 3_600_000,
  };
  const module = o.module({
    databaseUrl: db.url,
    runtime: {
      consumer: {
        topics: consumed.map(topic),
        groupId: topic(o.service),
        deadLetterTopic: topic(deadLetterTopicOf(o.service)),
      },
      relay: { pollIntervalMs: 200 },
      topicName: topic,
      metricsRegistry: metrics,
      logger: o.logger ?? testLog(suffix),
      api,
    },
  });
  const app = await NestFactory.create(module, { logger: false, ...o.nestOptions });
  connectEventTransport(app);
  o.configure?.(app);
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const dataSource = app.get(DataSource);
  return {
    app,
    baseUrl,
    apiKey,
    http: httpClient(baseUrl, { 'x-api-key': apiKey }),
    dataSource,
    statements: recordStatements(dataSource),
    databaseUrl: db.url,
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
