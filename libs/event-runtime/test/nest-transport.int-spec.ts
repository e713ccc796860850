import 'reflect-metadata';
import { Controller, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { readHeaders, type OrderHeldV1, type OrderReleasedV1 } from '@logisync/canonical-events';
import { stackEndpoints, uniqueName, waitFor } from '@logisync/test-kit';
import { Registry } from 'prom-client';
import {
  createPublisher,
  EventContext,
  EventRuntimeModule,
  connectEventTransport,
  newTraceparent,
  traceIdOf,
  NonRetriableError,
  OutboxWriter,
  silentLogger,
  type EventPublisher,
} from '../src';
import { effectOrder } from './support/effects';
import { orderEvent } from './support/order-events';
import { createRuntimeFixture, type RuntimeFixture } from './support/runtime-fixture';

let fixture: RuntimeFixture;
const metricsRegistry = new Registry();

@Controller()
class OrderReactions {
  constructor(private readonly outbox: OutboxWriter) {}

  @EventPattern('OrderReleased')
  async onReleased(@Payload() event: OrderReleasedV1, @Ctx() ctx: EventContext) {
    await ctx.tx.query('INSERT INTO effect (event_id, event_type, order_id) VALUES ($1, $2, $3)', [
      ctx.envelope.eventId,
      ctx.envelope.eventType,
      event.orderId,
    ]);
    const held = orderEvent('OrderHeld', event.orderId);
    held.meta.causationId = ctx.envelope.eventId;
    await this.outbox.add(ctx.tx, { eventType: 'OrderHeld', event: held });
  }

  @EventPattern('OrderHeld')
  async onHeld(@Payload() event: OrderHeldV1) {
    throw new NonRetriableError(`no holds for ${event.orderId}`, 'TEST.NO_HOLDS');
  }
}

describe('the NestJS transport on the consumer loop', () => {
  let app: INestApplication;
  let publisher: EventPublisher;
  let baseUrl: string;

  beforeAll(async () => {
    fixture = await createRuntimeFixture('nest', ['order.milestones.v1', 'billing-service.dlq.v1']);
    @Module({
      imports: [
        EventRuntimeModule.forRootAsync({
          useFactory: () => ({
            service: 'order-service',
            databaseUrl: fixture.db.url,
            dataSource: fixture.dataSource,
            kafka: { brokers: stackEndpoints.kafkaBrokers },
            registry: { url: stackEndpoints.registryUrl },
            consumer: {
              topics: [fixture.topic('order.milestones.v1')],
              groupId: fixture.topic('nest-group'),
              deadLetterTopic: fixture.topic('billing-service.dlq.v1'),
            },
            relay: { pollIntervalMs: 200 },
            metricsRegistry,
            topicName: fixture.topic,
            logger: silentLogger,
          }),
        }),
      ],
      controllers: [OrderReactions],
    })
    class TestAppModule {}
    app = await NestFactory.create(TestAppModule, { logger: false });
    connectEventTransport(app);
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    publisher = await createPublisher({
      brokers: stackEndpoints.kafkaBrokers,
      registryUrl: stackEndpoints.registryUrl,
      as: 'order-service',
      topicName: fixture.topic,
      logger: silentLogger,
    });
  });

  afterAll(async () => {
    await publisher?.disconnect();
    await app?.close();
    await fixture.close();
  });

  async function consumed(outcome: string, eventType: string): Promise<number> {
    const metric = await metricsRegistry.getSingleMetric('logisync_events_consumed_total')!.get();
    const value = metric.values.find(
      (v) => v.labels.outcome === outcome && v.labels.event_type === eventType,
    );
    return value?.value ?? 0;
  }

  async function firstHeaders(topic: string, eventType: string) {
    const reader = fixture.kafka.consumer({ groupId: uniqueName('nest-check') });
    let found: Record<string, string> | undefined;
    await reader.connect();
    await reader.subscribe({ topics: [topic], fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        const headers = readHeaders(message.headers);
        if (headers['event-type'] === eventType) found ??= headers;
      },
    });
    try {
      return await waitFor(() => found, { description: `a ${eventType} on ${topic}` });
    } finally {
      await reader.disconnect();
    }
  }

  async function admin(path: string, body?: object) {
    const response = await fetch(`${baseUrl}/admin/consumer${path}`, {
      method: body ? 'POST' : 'GET',
      headers: { 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('hands @EventPattern handlers the typed event and the transaction; their outbox rows go out', async () => {
    const orderId = uniqueName('nest');
    const traceparent = newTraceparent();
    await publisher.publish('OrderReleased', orderEvent('OrderReleased', orderId), { traceparent });
    await waitFor(async () => (await effectOrder(fixture.dataSource, orderId)).length === 1, {
      description: 'the handler effect',
    });
    // The handler's OrderHeld went through the outbox and the relay, and came back to this
    // consumer, whose handler rejects it: the runtime, not Nest, dead-letters it.
    await waitFor(async () => (await consumed('dead_lettered', 'OrderHeld')) >= 1, {
      description: 'the OrderHeld dead-lettered',
    });
    // At once: the handler's NonRetriableError reached the loop as it was, not as Nest's
    // generic RPC error, which would have been retried first.
    const retries = await metricsRegistry.getSingleMetric('logisync_consumer_retries_total')!.get();
    expect(retries.values.reduce((sum, v) => sum + v.value, 0)).toBe(0);
    // The relay deleted the row it sent; the topic is the record.
    await waitFor(
      async () =>
        (
          await fixture.dataSource.query(
            `SELECT 1 FROM outbox_message WHERE event_type = 'OrderHeld'`,
          )
        ).length === 0,
      { description: 'the sent OrderHeld row deleted' },
    );
    // The handler continued the event's trace: what it wrote carries the same trace id (the
    // dead letter keeps the headers the relay sent).
    const heldHeaders = await firstHeaders(fixture.topic('billing-service.dlq.v1'), 'OrderHeld');
    expect(traceIdOf(heldHeaders.traceparent)).toBe(traceIdOf(traceparent));
    expect(heldHeaders.traceparent).not.toBe(traceparent);
  });

  it('pauses, resumes and seeks through the admin endpoint', async () => {
    expect((await admin('')).body).toMatchObject({ running: true, paused: false });
    expect((await admin('/pause', {})).body).toMatchObject({ paused: true });
    const orderId = uniqueName('paused');
    const receipt = await publisher.publish('OrderReleased', orderEvent('OrderReleased', orderId));
    // A negative check needs a window: the event is in the topic and stays unapplied for 2 s.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await effectOrder(fixture.dataSource, orderId)).toEqual([]);
    expect((await admin('/resume', {})).body).toMatchObject({ paused: false });
    await waitFor(async () => (await effectOrder(fixture.dataSource, orderId)).length === 1, {
      description: 'applied after resume',
    });

    const duplicatesBefore = await consumed('duplicate', 'OrderReleased');
    const seek = await admin('/seek', {
      topic: receipt.topic,
      partition: receipt.partition,
      offset: receipt.offset,
    });
    expect(seek.status).toBe(200);
    await waitFor(async () => (await consumed('duplicate', 'OrderReleased')) > duplicatesBefore, {
      description: 'the re-delivered event skipped as a duplicate',
    });
    expect(await effectOrder(fixture.dataSource, orderId)).toEqual(['OrderReleased']);
  });

  it('refuses a malformed seek with 400 and says what was wrong', async () => {
    const bad = await admin('/seek', { topic: 'nope', partition: 'x', offset: -1 });
    expect(bad.status).toBe(400);
    expect(String(bad.body.detail)).toMatch(/topic: string, partition: integer/);
    const unknownTopic = await admin('/seek', {
      topic: 'not.consumed.v1',
      partition: 0,
      offset: '0',
    });
    expect(unknownTopic.status).toBe(400);
    expect(String(unknownTopic.body.detail)).toMatch(/does not consume not\.consumed\.v1/);
  });
});
