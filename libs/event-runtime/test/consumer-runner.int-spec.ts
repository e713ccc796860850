import { DeadLetterHeader, readHeaders } from '@logisync/canonical-events';
import { uniqueName, waitFor } from '@logisync/test-kit';
import type { ChunkLockHook, EventPublisher } from '../src';
import { countDistinctEffects, countEffects, effectOrder } from './support/effects';
import { orderEvent } from './support/order-events';
import { createRuntimeFixture, type RuntimeFixture } from './support/runtime-fixture';
import { orderPublisher, testConsumer } from './support/test-consumer';
import { Tenant } from './support/test-handlers';

describe('the consumer loop against Kafka and PostgreSQL', () => {
  let fixture: RuntimeFixture;
  let publisher: EventPublisher;

  beforeAll(async () => {
    fixture = await createRuntimeFixture('runner', [
      'order.milestones.v1',
      'billing-service.dlq.v1',
    ]);
    publisher = await orderPublisher(fixture);
  });

  afterAll(async () => {
    await publisher.disconnect();
    await fixture.close();
  });

  it('refuses to start on topics that do not exist, naming them and the fix', async () => {
    const missing = fixture.topic('no.such.topic.v1');
    const { runner } = testConsumer(fixture, { topics: [missing] });
    await expect(runner.start()).rejects.toThrow(
      new RegExp(`topics do not exist: ${missing.replace(/\./g, '\\.')}.*npm run topics:ensure`),
    );
    expect(runner.status().running).toBe(false);
  });

  it('applies an event delivered twice once', async () => {
    const { runner } = testConsumer(fixture);
    await runner.start();
    try {
      const orderId = uniqueName('twice');
      const event = orderEvent('OrderReleased', orderId);
      await publisher.publish('OrderReleased', event);
      await publisher.publish('OrderReleased', event);
      const marker = orderEvent('OrderHeld', orderId);
      await publisher.publish('OrderHeld', marker);
      await waitFor(async () => (await effectOrder(fixture.dataSource, orderId)).length === 2, {
        description: 'both distinct events applied',
      });
      expect(await effectOrder(fixture.dataSource, orderId)).toEqual([
        'OrderReleased',
        'OrderHeld',
      ]);
    } finally {
      await runner.stop();
    }
  });

  it('sends a poison message and a NonRetriableError to the dead letters and moves on', async () => {
    const { runner } = testConsumer(fixture);
    const orderId = uniqueName('poison');
    const dlqTopic = fixture.topic('billing-service.dlq.v1');
    const producer = fixture.kafka.producer();
    await producer.connect();
    await publisher.publish('OrderReleased', orderEvent('OrderReleased', orderId));
    await producer.send({
      topic: fixture.topic('order.milestones.v1'),
      messages: [
        { key: orderId, value: Buffer.from('not avro at all'), headers: { origin: 'test' } },
      ],
    });
    await publisher.publish('OrderHeld', orderEvent('OrderHeld', orderId, Tenant.reject));
    await publisher.publish('OrderHoldReleased', orderEvent('OrderHoldReleased', orderId));
    await producer.disconnect();

    const dead: { key: string; value: Buffer; headers: Record<string, string> }[] = [];
    const reader = fixture.kafka.consumer({ groupId: uniqueName('dlq-reader') });
    await reader.connect();
    await reader.subscribe({ topics: [dlqTopic], fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        dead.push({
          key: message.key!.toString(),
          value: message.value!,
          headers: readHeaders(message.headers),
        });
      },
    });
    await runner.start();
    try {
      await waitFor(async () => (await effectOrder(fixture.dataSource, orderId)).length === 2, {
        description: 'the good events applied',
      });
      expect(await effectOrder(fixture.dataSource, orderId)).toEqual([
        'OrderReleased',
        'OrderHoldReleased',
      ]);
      await waitFor(() => dead.filter((d) => d.key === orderId).length === 2, {
        description: 'two dead letters',
      });
      const [garbage, rejected] = dead.filter((d) => d.key === orderId);
      expect(garbage.value.toString()).toBe('not avro at all');
      expect(garbage.headers).toMatchObject({
        origin: 'test',
        [DeadLetterHeader.originalTopic]: fixture.topic('order.milestones.v1'),
        [DeadLetterHeader.errorClass]: 'poison',
        [DeadLetterHeader.errorCode]: 'EVENT.UNDECODABLE',
        [DeadLetterHeader.attempts]: '1',
      });
      expect(Number(garbage.headers[DeadLetterHeader.originalOffset])).toBeGreaterThanOrEqual(0);
      expect(garbage.headers[DeadLetterHeader.originalPartition]).toMatch(/^\d+$/);
      expect(garbage.headers[DeadLetterHeader.firstFailureAt]).toMatch(/^\d{4}-/);
      expect(garbage.headers[DeadLetterHeader.lastFailureAt]).toMatch(/^\d{4}-/);
      expect(rejected.headers).toMatchObject({
        'event-type': 'OrderHeld',
        [DeadLetterHeader.errorCode]: 'HANDLER.NON_RETRIABLE',
        [DeadLetterHeader.errorMessage]: 'rejected by the test',
      });
      const decoded = await fixture.codec.decode(rejected.value);
      expect(decoded.eventType).toBe('OrderHeld');
    } finally {
      await reader.disconnect();
      await runner.stop();
    }
  });

  it('runs the chunk lock hook in the transaction before the handlers, on every attempt', async () => {
    const seen: { eventIds: string[]; effectsAlready: number }[] = [];
    const lockChunk: ChunkLockHook = async (tx, events) => {
      const eventIds = events.map((e) => (e.event as { meta: { eventId: string } }).meta.eventId);
      const rows: { n: number }[] = await tx.query(
        'SELECT count(*)::int AS n FROM effect WHERE event_id = ANY($1)',
        [eventIds],
      );
      seen.push({ eventIds, effectsAlready: rows[0].n });
    };
    const orderId = uniqueName('hooked');
    const released = orderEvent('OrderReleased', orderId);
    const rejected = orderEvent('OrderHeld', orderId, Tenant.reject);
    const cleared = orderEvent('OrderHoldReleased', orderId);
    // Published before the consumer starts: one partition (one key), so one fetch and one set.
    await publisher.publish('OrderReleased', released);
    await publisher.publish('OrderHeld', rejected);
    await publisher.publish('OrderHoldReleased', cleared);
    const { runner } = testConsumer(fixture, { lockChunk });
    await runner.start();
    try {
      await waitFor(async () => (await effectOrder(fixture.dataSource, orderId)).length === 2, {
        description: 'the good events applied',
      });
      const ids = [released, rejected, cleared].map((e) => e.meta.eventId);
      const calls = seen.filter((c) => c.eventIds.some((id) => ids.includes(id)));
      for (const id of ids) expect(calls.some((c) => c.eventIds.includes(id))).toBe(true);
      // Before any handler of the chunk: none of its effects exists yet when the hook runs.
      expect(calls.every((c) => c.effectsAlready === 0)).toBe(true);
      // The rejected event failed the first attempt; the second, without it, ran the hook again.
      expect(calls.filter((c) => c.eventIds.includes(released.meta.eventId)).length).toBe(2);
      expect(calls.filter((c) => c.eventIds.includes(rejected.meta.eventId)).length).toBe(1);
    } finally {
      await runner.stop();
    }
  });

  it('parks an event whose prerequisite has not arrived and applies both in order', async () => {
    const { runner } = testConsumer(fixture);
    await runner.start();
    try {
      const orderId = uniqueName('parked');
      await publisher.publish('OrderCancelled', orderEvent('OrderCancelled', orderId));
      await waitFor(
        async () => {
          const rows: { n: number }[] = await fixture.dataSource.query(
            'SELECT count(*)::int AS n FROM parked_event WHERE awaiting_key = $1',
            [orderId],
          );
          return rows[0].n === 1;
        },
        { description: 'the cancellation parked' },
      );
      expect(await countEffects(fixture.dataSource, 'OrderCancelled')).toBe(0);
      await publisher.publish('OrderReleased', orderEvent('OrderReleased', orderId));
      await waitFor(async () => (await effectOrder(fixture.dataSource, orderId)).length === 2, {
        description: 'both applied',
      });
      expect(await effectOrder(fixture.dataSource, orderId)).toEqual([
        'OrderReleased',
        'OrderCancelled',
      ]);
      const parked: unknown[] = await fixture.dataSource.query(
        'SELECT 1 FROM parked_event WHERE awaiting_key = $1',
        [orderId],
      );
      expect(parked).toHaveLength(0);
    } finally {
      await runner.stop();
    }
  });

  it('applies 100 events once although each is delivered twice across a rebalance', async () => {
    const first = testConsumer(fixture, { groupId: fixture.topic('rebalance-group') });
    const second = testConsumer(fixture, { groupId: fixture.topic('rebalance-group') });
    const before = await countDistinctEffects(fixture.dataSource);
    const events = Array.from({ length: 100 }, (_, i) =>
      orderEvent('OrderHeld', uniqueName(`dup${i}`)),
    );
    await first.runner.start();
    try {
      for (const event of events.slice(0, 50)) await publisher.publish('OrderHeld', event);
      await second.runner.start();
      for (const event of events) await publisher.publish('OrderHeld', event);
      for (const event of events.slice(50)) await publisher.publish('OrderHeld', event);
      await waitFor(async () => (await countDistinctEffects(fixture.dataSource)) - before === 100, {
        timeoutMs: 60_000,
        description: '100 distinct effects',
      });
      const rows: { n: number }[] = await fixture.dataSource.query(
        `SELECT count(*)::int AS n FROM effect WHERE order_id = ANY($1)`,
        [events.map((e) => e.orderId)],
      );
      expect(rows[0].n).toBe(100);
      const duplicates = await first.registry.getSingleMetricAsString(
        'logisync_events_consumed_total',
      );
      const duplicates2 = await second.registry.getSingleMetricAsString(
        'logisync_events_consumed_total',
      );
      expect(`${duplicates}\n${duplicates2}`).toMatch(/outcome="duplicate"/);
    } finally {
      await Promise.all([first.runner.stop(), second.runner.stop()]);
    }
  });
});
