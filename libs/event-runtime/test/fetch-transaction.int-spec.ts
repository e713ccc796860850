import { EventHeader } from '@logisync/canonical-events';
import { uniqueName, waitFor } from '@logisync/test-kit';
import type { Message, Producer } from 'kafkajs';
import {
  NonRetriableError,
  type ChunkLockHook,
  type EventHandler,
  type HandlerTable,
} from '../src';
import { effectOrder } from './support/effects';
import { orderEvent } from './support/order-events';
import { rawOrderMessage } from './support/raw-messages';
import { countDeadLetters, eventIdOf, sourceAndDeadLetterTopics } from './support/fetch-topics';
import { createRuntimeFixture, type RuntimeFixture } from './support/runtime-fixture';
import { testConsumer } from './support/test-consumer';
import { Tenant, testHandlers } from './support/test-handlers';

/**
 * A fetch round is applied in one transaction: every test publishes its events to topics of its
 * own BEFORE its consumer starts, so the consumer's first fetch holds all of them, and the
 * handlers record the transaction they ran in.
 */
describe('one transaction per fetch', () => {
  let fixture: RuntimeFixture;
  let producer: Producer;
  const created: string[] = [];

  beforeAll(async () => {
    fixture = await createRuntimeFixture('fetch-tx', ['order.milestones.v1']);
    await fixture.dataSource.query(
      'CREATE TABLE applied_in (event_id uuid, partition int, txid bigint NOT NULL)',
    );
    // Idempotent: a retried send on this loaded machine must not write the events twice.
    producer = fixture.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await fixture.admin.deleteTopics({ topics: created }).catch(() => undefined);
    await fixture.close();
  });

  /** The test handlers, each also recording txid_current() and its partition. */
  const recordingHandlers: HandlerTable = new Map(
    [...testHandlers].map(([eventType, handler]) => {
      const recording: EventHandler<{ meta: { eventId: string; tenant: string } }> = async (
        event,
        ctx,
      ) => {
        if (event.meta.tenant === 'handler-bug') throw new Error('a bug in the handler');
        await (handler as EventHandler<unknown>)(event, ctx);
        await ctx.tx.query('INSERT INTO applied_in VALUES ($1, $2, txid_current())', [
          event.meta.eventId,
          ctx.partition,
        ]);
      };
      return [eventType, recording as EventHandler<never>];
    }),
  );

  const topics = () => sourceAndDeadLetterTopics(fixture, 'fetch-tx', created);

  async function started(source: string, dlq: string, overrides = {}) {
    const consumer = testConsumer(fixture, {
      topics: [source],
      deadLetterTopic: dlq,
      groupId: uniqueName('fetch-tx-group'),
      handlers: recordingHandlers,
      ...overrides,
    });
    await consumer.runner.start();
    return consumer;
  }

  const held = (orderId: string, tenant?: string) =>
    rawOrderMessage(fixture, 'OrderHeld', orderEvent('OrderHeld', orderId, tenant));

  async function transactionsOf(eventIds: string[]) {
    const rows: { txid: string; partition: number }[] = await fixture.dataSource.query(
      'SELECT txid, partition FROM applied_in WHERE event_id = ANY($1)',
      [eventIds],
    );
    return {
      applied: rows.length,
      transactions: new Set(rows.map((r) => r.txid)).size,
      partitions: new Set(rows.map((r) => r.partition)).size,
    };
  }

  const deadLetters = (dlq: string) => countDeadLetters(fixture, dlq);

  /** True once the group's committed offsets reach the end of every partition of `topic`. */
  async function committedToEnd(groupId: string, topic: string): Promise<boolean> {
    const ends = await fixture.admin.fetchTopicOffsets(topic);
    const [committed] = await fixture.admin.fetchOffsets({ groupId, topics: [topic] });
    // A partition nothing was written to has nothing to commit.
    return ends.every(
      (end) =>
        end.high === '0' ||
        committed.partitions.find((p) => p.partition === end.partition)?.offset === end.high,
    );
  }

  it('applies a fetch of many keys and partitions in one transaction, in per-key order', async () => {
    const { source, dlq } = await topics();
    const orders = Array.from({ length: 30 }, () => uniqueName('many'));
    const messages: Message[] = [];
    for (const step of ['OrderReleased', 'OrderHeld', 'OrderHoldReleased'] as const) {
      for (const orderId of orders) {
        messages.push(await rawOrderMessage(fixture, step, orderEvent(step, orderId)));
      }
    }
    await producer.send({ topic: source, messages });
    const { runner } = await started(source, dlq);
    try {
      const ids = messages.map(eventIdOf);
      await waitFor(async () => (await transactionsOf(ids)).applied === 90, {
        description: '90 events applied',
      });
      const seen = await transactionsOf(ids);
      expect(seen.transactions).toBe(1);
      expect(seen.partitions).toBeGreaterThanOrEqual(4);
      for (const orderId of orders.slice(0, 5)) {
        expect(await effectOrder(fixture.dataSource, orderId)).toEqual([
          'OrderReleased',
          'OrderHeld',
          'OrderHoldReleased',
        ]);
      }
      await waitFor(() => committedToEnd(runner.groupId, source), {
        description: 'the offsets committed',
      });
    } finally {
      await runner.stop();
    }
  });

  it('skips an event of a type no handler subscribes to without decoding it', async () => {
    const { source, dlq } = await topics();
    const orderId = uniqueName('unsubscribed');
    const good = await held(orderId);
    await producer.send({
      topic: source,
      messages: [
        {
          key: orderId,
          value: Buffer.from('not avro, and nobody here reads it'),
          headers: { [EventHeader.eventType]: 'OrderCompleted' },
        },
        good,
      ],
    });
    const { runner, registry } = await started(source, dlq);
    try {
      await waitFor(async () => (await transactionsOf([eventIdOf(good)])).applied === 1, {
        description: 'the subscribed event applied',
      });
      await waitFor(() => committedToEnd(runner.groupId, source), {
        description: 'the skipped offset committed too',
      });
      expect(await deadLetters(dlq)).toBe(0);
      expect(await registry.getSingleMetricAsString('logisync_events_consumed_total')).toMatch(
        /event_type="OrderCompleted",outcome="ignored"\} 1/,
      );
    } finally {
      await runner.stop();
    }
  });

  it('applies an event delivered twice in the same fetch once', async () => {
    const { source, dlq } = await topics();
    const orderId = uniqueName('twice');
    const event = await held(orderId);
    const released = await rawOrderMessage(
      fixture,
      'OrderHoldReleased',
      orderEvent('OrderHoldReleased', orderId),
    );
    await producer.send({ topic: source, messages: [event, event, released] });
    const { runner, registry } = await started(source, dlq);
    try {
      await waitFor(async () => (await effectOrder(fixture.dataSource, orderId)).length === 2, {
        description: 'both distinct events applied',
      });
      expect(await effectOrder(fixture.dataSource, orderId)).toEqual([
        'OrderHeld',
        'OrderHoldReleased',
      ]);
      expect((await transactionsOf([eventIdOf(event), eventIdOf(released)])).transactions).toBe(1);
      expect(await registry.getSingleMetricAsString('logisync_events_consumed_total')).toMatch(
        /event_type="OrderHeld",outcome="duplicate"\} 1/,
      );
    } finally {
      await runner.stop();
    }
  });

  it('gives no second effect when it fails after the commit and before the offset commit', async () => {
    const { source, dlq } = await topics();
    const orders = Array.from({ length: 12 }, () => uniqueName('after-commit'));
    const messages = await Promise.all(orders.map((orderId) => held(orderId)));
    await producer.send({ topic: source, messages });
    let calls = 0;
    const { runner, registry } = await started(source, dlq, {
      afterTransaction: () => {
        calls += 1;
        if (calls === 1) throw new Error('crash between the two commits');
      },
    });
    try {
      await waitFor(() => committedToEnd(runner.groupId, source), {
        description: 'the offsets committed after the retry',
      });
      const rows: { n: number }[] = await fixture.dataSource.query(
        'SELECT count(*)::int AS n FROM effect WHERE order_id = ANY($1)',
        [orders],
      );
      expect(rows[0].n).toBe(12);
      expect(calls).toBeGreaterThanOrEqual(2);
      // The retried round met what the failed one had committed: duplicates, no effects.
      const consumed = await registry.getSingleMetricAsString('logisync_events_consumed_total');
      const duplicates = /event_type="OrderHeld",outcome="duplicate"\} (\d+)/.exec(consumed);
      expect(Number(duplicates?.[1] ?? 0)).toBeGreaterThanOrEqual(1);
    } finally {
      await runner.stop();
    }
  });

  it('dead-letters poison in the middle of a large set and applies the rest in one transaction', async () => {
    const { source, dlq } = await topics();
    const good = await Promise.all(
      Array.from({ length: 100 }, (_, i) => held(uniqueName(`set${i % 25}`))),
    );
    const rejected = await held(uniqueName('rejected'), Tenant.reject);
    const garbage = { key: uniqueName('garbage'), value: Buffer.from('not avro at all') };
    const messages = [...good.slice(0, 50), rejected, garbage, ...good.slice(50)];
    await producer.send({ topic: source, messages });
    const { runner } = await started(source, dlq);
    try {
      const ids = good.map(eventIdOf);
      await waitFor(async () => (await transactionsOf(ids)).applied === 100, {
        description: 'the 100 good events applied',
      });
      expect((await transactionsOf(ids)).transactions).toBe(1);
      await waitFor(async () => (await deadLetters(dlq)) >= 2, {
        description: 'two dead letters',
      });
      expect(await deadLetters(dlq)).toBe(2);
      await waitFor(() => committedToEnd(runner.groupId, source), {
        description: 'the offsets committed',
      });
      const inbox: { outcome: string }[] = await fixture.dataSource.query(
        'SELECT outcome FROM processed_event WHERE event_id = $1',
        [eventIdOf(rejected)],
      );
      expect(inbox).toEqual([{ outcome: 'dead_lettered' }]);
    } finally {
      await runner.stop();
    }
  });

  it('parks an event in the middle of a set and applies the rest, and its own prerequisite later in the set', async () => {
    const { source, dlq } = await topics();
    const good = await Promise.all(
      Array.from({ length: 60 }, (_, i) => held(uniqueName(`park${i % 20}`))),
    );
    const orphan = uniqueName('orphan');
    const late = uniqueName('late');
    const cancelled = (orderId: string) =>
      rawOrderMessage(fixture, 'OrderCancelled', orderEvent('OrderCancelled', orderId));
    const messages = [
      ...good.slice(0, 30),
      await cancelled(orphan),
      await cancelled(late),
      ...good.slice(30),
      await rawOrderMessage(fixture, 'OrderReleased', orderEvent('OrderReleased', late)),
    ];
    await producer.send({ topic: source, messages });
    const { runner } = await started(source, dlq);
    try {
      const ids = good.map(eventIdOf);
      await waitFor(async () => (await effectOrder(fixture.dataSource, late)).length === 2, {
        description: 'the late prerequisite and its parked event applied',
      });
      expect(await effectOrder(fixture.dataSource, late)).toEqual([
        'OrderReleased',
        'OrderCancelled',
      ]);
      const seen = await transactionsOf(ids);
      expect(seen.applied).toBe(60);
      expect(seen.transactions).toBe(1);
      const parked: { awaiting_key: string }[] = await fixture.dataSource.query(
        'SELECT awaiting_key FROM parked_event WHERE awaiting_key = ANY($1)',
        [[orphan, late]],
      );
      expect(parked).toEqual([{ awaiting_key: orphan }]);
      expect(await effectOrder(fixture.dataSource, orphan)).toEqual([]);
      expect(await deadLetters(dlq)).toBe(0);
    } finally {
      await runner.stop();
    }
  });

  it('splits a set whose failure names no event until the culprit stands alone', async () => {
    const { source, dlq } = await topics();
    const good = await Promise.all(
      Array.from({ length: 40 }, (_, i) => held(uniqueName(`split${i % 10}`))),
    );
    const refused = await held(uniqueName('refused'), 'lock-refused');
    await producer.send({
      topic: source,
      messages: [...good.slice(0, 20), refused, ...good.slice(20)],
    });
    // The lock hook runs for the whole set before any handler: its failure blames no event.
    const lockChunk: ChunkLockHook = async (_tx, events) => {
      const tenants = events.map((e) => (e.event as { meta: { tenant: string } }).meta.tenant);
      if (tenants.includes('lock-refused')) throw new NonRetriableError('no lock for this one');
    };
    const { runner } = await started(source, dlq, { lockChunk });
    try {
      const ids = good.map(eventIdOf);
      await waitFor(async () => (await transactionsOf(ids)).applied === 40, {
        description: 'the 40 good events applied',
      });
      await waitFor(async () => (await deadLetters(dlq)) >= 1, {
        description: 'the refused event dead-lettered',
      });
      expect(await deadLetters(dlq)).toBe(1);
      // Halving 41 events isolates one in six splits: a committed half per split at most.
      const { transactions } = await transactionsOf(ids);
      expect(transactions).toBeGreaterThan(1);
      expect(transactions).toBeLessThanOrEqual(Math.ceil(Math.log2(41)));
      const inbox: { outcome: string }[] = await fixture.dataSource.query(
        'SELECT outcome FROM processed_event WHERE event_id = $1',
        [eventIdOf(refused)],
      );
      expect(inbox).toEqual([{ outcome: 'dead_lettered' }]);
    } finally {
      await runner.stop();
    }
  });

  it('redelivers messages an operator read from the log: duplicates skipped, unsubscribed types ignored', async () => {
    const { source, dlq } = await topics();
    const orderId = uniqueName('redelivered');
    const applied = await held(orderId);
    await producer.send({ topic: source, messages: [applied] });
    const { runner } = await started(source, dlq);
    try {
      await waitFor(async () => (await transactionsOf([eventIdOf(applied)])).applied === 1, {
        description: 'the first event applied by the consumer',
      });
      const released = await rawOrderMessage(
        fixture,
        'OrderHoldReleased',
        orderEvent('OrderHoldReleased', orderId),
      );
      const completed = await rawOrderMessage(
        fixture,
        'OrderCompleted',
        orderEvent('OrderCompleted', orderId),
      );
      const raw = (m: Message, offset: string) => ({
        topic: source,
        partition: 0,
        offset,
        key: orderId,
        value: m.value as Buffer,
        headers: Object.fromEntries(Object.entries(m.headers!).map(([k, v]) => [k, String(v)])),
      });
      const outcome = await runner.redeliver([
        raw(applied, '100'),
        raw(completed, '101'),
        raw(released, '102'),
      ]);
      expect(outcome).toEqual({ done: 3, failure: undefined });
      expect(await effectOrder(fixture.dataSource, orderId)).toEqual([
        'OrderHeld',
        'OrderHoldReleased',
      ]);
    } finally {
      await runner.stop();
    }
  });

  it('holds back the partition of an event failing with an unknown error, then dead-letters it', async () => {
    const { source, dlq } = await topics();
    const buggy = uniqueName('buggy');
    const bug = await held(buggy, 'handler-bug');
    const after = await rawOrderMessage(
      fixture,
      'OrderHoldReleased',
      orderEvent('OrderHoldReleased', buggy),
    );
    const good = await Promise.all(
      Array.from({ length: 30 }, (_, i) => held(uniqueName(`unknown${i % 10}`))),
    );
    await producer.send({
      topic: source,
      messages: [...good.slice(0, 15), bug, after, ...good.slice(15)],
    });
    const { runner, registry } = await started(source, dlq);
    try {
      await waitFor(async () => (await effectOrder(fixture.dataSource, buggy)).length === 1, {
        description: 'the event after the failing one applied',
      });
      expect((await transactionsOf(good.map(eventIdOf))).applied).toBe(30);
      expect(await deadLetters(dlq)).toBe(1);
      const retries = await registry.getSingleMetricAsString('logisync_consumer_retries_total');
      expect(retries).toMatch(/error_class="unknown"\} 2/);
      await waitFor(() => committedToEnd(runner.groupId, source), {
        description: 'the offsets committed',
      });
    } finally {
      await runner.stop();
    }
  });

  it('dead-letters a poison event delivered twice in one fetch once', async () => {
    const { source, dlq } = await topics();
    const rejected = await held(uniqueName('rejected-twice'), Tenant.reject);
    const good = await held(uniqueName('beside'));
    await producer.send({ topic: source, messages: [rejected, good, rejected] });
    const { runner } = await started(source, dlq);
    try {
      await waitFor(() => committedToEnd(runner.groupId, source), {
        description: 'the offsets committed',
      });
      expect((await transactionsOf([eventIdOf(good)])).applied).toBe(1);
      expect(await deadLetters(dlq)).toBe(1);
    } finally {
      await runner.stop();
    }
  });
});
