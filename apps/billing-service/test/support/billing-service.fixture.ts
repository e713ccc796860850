import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { deadLetterTopicOf, topicsConsumedBy } from '@logisync/canonical-events';
import {
  connectEventTransport,
  silentLogger,
  type RuntimeLogger,
  type RuntimeOverrides,
} from '@logisync/event-runtime';
import { hashApiKey } from '@logisync/http-kit';
import {
  recordStatements,
  startServiceInProcess,
  type InProcessService,
} from '@logisync/service-harness';
import { httpClient, stackEndpoints } from '@logisync/test-kit';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { setUpOpenApi } from '../../src/api/http/open-api';
import { AppModule } from '../../src/app.module';
import { defaultTaxRates, type BillingConfig, type BillingSettings } from '../../src/config';

export type BillingServiceFixture = InProcessService;

function billingConfig(databaseUrl: string, billing: Partial<BillingSettings>): BillingConfig {
  return {
    service: 'billing-service',
    port: 0,
    databaseUrl,
    kafkaBrokers: stackEndpoints.kafkaBrokers,
    registryUrl: stackEndpoints.registryUrl,
    billing: {
      reconciliationCron: '0 2 * * *',
      taxRates: { ...defaultTaxRates },
      invoiceSeries: 'INV',
      ...billing,
    },
  };
}

/** The service in-process on a database, topics and consumer group of this test file's own. */
export function startBillingService(
  name: string,
  billing: Partial<BillingSettings> = {},
  logger?: RuntimeLogger,
  /** Changes to the runtime's test settings (e.g. the relay off, to count statements). */
  runtimeChanges: (runtime: RuntimeOverrides) => RuntimeOverrides = (runtime) => runtime,
): Promise<BillingServiceFixture> {
  return startServiceInProcess({
    name,
    service: 'billing-service',
    logger,
    module: ({ databaseUrl, runtime }) =>
      AppModule.register(billingConfig(databaseUrl, billing), runtimeChanges(runtime)),
    configure: setUpOpenApi,
  });
}

/**
 * Stops a running billing, runs `whileStopped` (an operator's restore of its database), and
 * starts billing again on the same database, topics, consumer group and API key: the
 * runtime's own-topic recovery runs at this start. The fixture given is closed (its app only);
 * the returned one's close() also deletes the topics and drops the database, as the first's
 * would.
 */
export async function restartBillingService(
  running: BillingServiceFixture,
  whileStopped: () => Promise<void> = async () => undefined,
  billing: Partial<BillingSettings> = {},
  logger: RuntimeLogger = silentLogger,
): Promise<BillingServiceFixture> {
  await running.app.close();
  await whileStopped();
  const { topic } = running;
  const consumed = topicsConsumedBy('billing-service').map((t) => t.name);
  const metrics = new Registry();
  const app = await NestFactory.create(
    AppModule.register(billingConfig(running.databaseUrl, billing), {
      consumer: {
        topics: consumed.map(topic),
        groupId: topic('billing-service'),
        deadLetterTopic: topic(deadLetterTopicOf('billing-service')),
      },
      relay: { pollIntervalMs: 200 },
      topicName: topic,
      metricsRegistry: metrics,
      logger,
      api: {
        clients: [{ client: 'test', keySha256: hashApiKey(running.apiKey), scopes: ['*'] }],
        rateLimit: { perSecond: 10_000, burst: 10_000 },
        idempotencyTtlMs: 24 * 3_600_000,
      },
    }),
    { logger: false },
  );
  connectEventTransport(app);
  setUpOpenApi(app);
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const dataSource = app.get(DataSource);
  return {
    ...running,
    app,
    baseUrl,
    http: httpClient(baseUrl, { 'x-api-key': running.apiKey }),
    dataSource,
    statements: recordStatements(dataSource),
    metrics,
    async close() {
      await app.close();
      // The first fixture's close (its app again, already closed) deletes the topics, drops the
      // database and disconnects its Kafka admin, whose open socket would keep the process up.
      await running.close();
    },
  };
}
