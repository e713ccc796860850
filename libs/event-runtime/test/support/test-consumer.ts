import { stackEndpoints } from '@logisync/test-kit';
import { Registry } from 'prom-client';
import {
  ConsumerRunner,
  createPublisher,
  RuntimeMetrics,
  silentLogger,
  type ConsumerRunnerOptions,
  type EventPublisher,
} from '../../src';
import type { RuntimeFixture } from './runtime-fixture';
import { testHandlers } from './test-handlers';

export const consumerService = 'billing-service' as const;

/** A consumer of the fixture's order topic with the test handlers, as a service would run it. */
export function testConsumer(
  fixture: RuntimeFixture,
  overrides: Partial<ConsumerRunnerOptions> = {},
): { runner: ConsumerRunner; metrics: RuntimeMetrics; registry: Registry } {
  const registry = new Registry();
  const metrics = new RuntimeMetrics(registry, consumerService);
  const runner = new ConsumerRunner({
    service: consumerService,
    kafka: fixture.kafka,
    dataSource: fixture.dataSource,
    codec: fixture.codec,
    topics: [fixture.topic('order.milestones.v1')],
    groupId: fixture.topic('billing-service'),
    deadLetterTopic: fixture.topic('billing-service.dlq.v1'),
    handlers: testHandlers,
    metrics,
    retry: { initialMs: 100, maxMs: 2_000 },
    parkedSweepIntervalMs: 1_000,
    ...overrides,
  });
  return { runner, metrics, registry };
}

export const brokers = stackEndpoints.kafkaBrokers;

/** A publisher writing as order-service to the fixture's own topics. */
export function orderPublisher(fixture: RuntimeFixture): Promise<EventPublisher> {
  return createPublisher({
    brokers,
    registryUrl: stackEndpoints.registryUrl,
    as: 'order-service',
    topicName: fixture.topic,
    logger: silentLogger,
  });
}
