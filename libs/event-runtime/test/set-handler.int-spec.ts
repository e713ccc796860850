import { uniqueName, waitFor } from '@logisync/test-kit';
import type { Message, Producer } from 'kafkajs';
import {
  forEventInSet,
  NonRetriableError,
  type EventHandler,
  type EventSetDeclaration,
  type EventSetHandler,
} from '../src';
import { effectOrder } from './support/effects';
import { orderEvent } from './support/order-events';
import { rawOrderMessage } from './support/raw-messages';
import { countDeadLetters, eventIdOf, sourceAndDeadLetterTopics } from './support/fetch-topics';
import { createRuntimeFixture, type RuntimeFixture } from './support/runtime-fixture';
import { testConsumer } from './support/test-consumer';
import { Tenant, testHandlers } from './support/test-handlers';

interface TestEvent {
  orderId: string;
  meta: { eventId: string; tenant: string };
}

/**
 * A service's set handler: one call per transaction with every event it subscribes to. Each test
 * publishes its events BEFORE its consumer starts, so the first fetch holds them all; the set
 * handler records each call (its transaction and how many events it got) and applies the
 * events with the test handlers, naming the event a failure belongs to.
 */
describe('set handlers', () => {
  let fixture: RuntimeFixture;
  let producer: Producer;
  const created: string[] = [];

  beforeAll(async () => {
    fixture = await createRuntimeFixture('set-handler', ['order.milestones.v1']);
    await fixture.dataSource.query(
      `CREATE TABLE set_call (group_id text, txid bigint NOT NULL, events int NOT NULL);
       CREATE TABLE own_seen (event_id uuid PRIMARY KEY)`,
    );
    producer = fixture.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await fixture.admin.deleteTopics({ topics: created }).catch(() => undefined);
    await fixture.close();
  });

  /**
   * The test handlers as one set handler. `ownInbox`: its own_seen table is its inbox. A
   * 'set-bug' tenant fails the whole call without naming its event.
   */
  function declaration(groupId: string, ownInbox = false): EventSetDeclaration {
    const handle: EventSetHandler<TestEvent> = async (events, { tx }) => {
      await tx.query('INSERT INTO set_call VALUES ($1, txid_current(), $2)', [
        groupId,
        events.length,
      ]);
      let fresh: Set<string> | undefined;
      if (ownInbox) {
        const rows: { event_id: string }[] = await tx.query(
          `INSERT INTO own_seen SELECT unnest($1::uuid[]) ON CONFLICT DO NOTHING RETURNING event_id`,
          [events.map((e) => e.envelope.eventId)],
        );
        fresh = new Set(rows.map((r) => r.event_id));
      }
      for (const { event, envelope } of events) {
        if (fresh && !fresh.has(envelope.eventId)) continue;
        if (event.meta.tenant === 'set-bug') throw new Error('a failure that names no event');
        const handler = testHandlers.get(envelope.eventType) as EventHandler<TestEvent>;
        await forEventInSet(envelope.eventId, () => handler(event, { ...envelope, tx }));
      }
      return fresh;
    };
    return {
      types: new Set(testHandlers.keys()),
      ownInbox,
      handle: handle as EventSetHandler<never>,
    };
  }

  const topics = () => sourceAndDeadLetterTopics(fixture, 'set', created);

  async function started(source: string, dlq: string, ownInbox = false, overrides = {}) {
    const groupId = uniqueName('set-group');
    const consumer = testConsumer(fixture, {
      topics: [source],
      deadLetterTopic: dlq,
      groupId,
      handlers: new Map(),
      eventSet: declaration(groupId, ownInbox),
      ...overrides,
    });
    await consumer.runner.start();
    return { ...consumer, groupId };
  }

  const held = (orderId: string, tenant?: string) =>
    rawOrderMessage(fixture, 'OrderHeld', orderEvent('OrderHeld', orderId, tenant));

  async function calls(groupId: string) {
    const rows: { txid: string; events: number }[] = await fixture.dataSource.query(
      'SELECT txid, events FROM set_call WHERE group_id = $1 ORDER BY txid',
      [groupId],
    );
    return rows.map((r) => r.events);
  }

  async function effects(orders: string[]): Promise<number> {
    const rows: { n: number }[] = await fixture.dataSource.query(
      'SELECT count(*)::int AS n FROM effect WHERE order_id = ANY($1)',
      [orders],
    );
    return rows[0].n;
  }

  const deadLetters = (dlq: string) => countDeadLetters(fixture, dlq);

  it('hands a whole fetch of many keys and partitions to one call, each key in offset order', async () => {
    const { source, dlq } = await topics();
    const orders = Array.from({ length: 30 }, () => uniqueName('many'));
    const messages: Message[] = [];
    for (const step of ['OrderReleased', 'OrderHeld', 'OrderHoldReleased'] as const) {
      for (const orderId of orders) {
        messages.push(await rawOrderMessage(fixture, step, orderEvent(step, orderId)));
      }
    }
    await producer.send({ topic: source, messages });
    const { runner, groupId } = await started(source, dlq);
    try {
      await waitFor(async () => (await effects(orders)) === 90, { description: '90 applied' });
      expect(await calls(groupId)).toEqual([90]);
      for (const orderId of orders.slice(0, 5)) {
        expect(await effectOrder(fixture.dataSource, orderId)).toEqual([
          'OrderReleased',
          'OrderHeld',
          'OrderHoldReleased',
        ]);
      }
    } finally {
      await runner.stop();
    }
  });

  it('dead-letters poison named in the middle of a set, parks an event inline, and applies the rest in one call', async () => {
    const { source, dlq } = await topics();
    const good = await Promise.all(
      Array.from({ length: 60 }, (_, i) => held(uniqueName(`mixed${i % 20}`))),
    );
    const rejected = await held(uniqueName('rejected'), Tenant.reject);
    const orphan = uniqueName('orphan');
    const late = uniqueName('late');
    const cancelled = (orderId: string) =>
      rawOrderMessage(fixture, 'OrderCancelled', orderEvent('OrderCancelled', orderId));
    await producer.send({
      topic: source,
      messages: [
        ...good.slice(0, 30),
        rejected,
        await cancelled(orphan),
        await cancelled(late),
        ...good.slice(30),
        await rawOrderMessage(fixture, 'OrderReleased', orderEvent('OrderReleased', late)),
      ],
    });
    const { runner, groupId } = await started(source, dlq);
    try {
      const goodOrders = good.map((m) => String(m.key));
      await waitFor(async () => (await effectOrder(fixture.dataSource, late)).length === 2, {
        description: 'the late prerequisite and its parked event applied',
      });
      expect(await effectOrder(fixture.dataSource, late)).toEqual([
        'OrderReleased',
        'OrderCancelled',
      ]);
      expect(await effects(goodOrders)).toBe(60);
      await waitFor(async () => (await deadLetters(dlq)) >= 1, {
        description: 'the rejected event dead-lettered',
      });
      expect(await deadLetters(dlq)).toBe(1);
      // Two failures judged (the poison, the orphan's park), then the committed call of all the
      // rest (60 + the late release, and the parked one re-applied as a set of one).
      const made = await calls(groupId);
      expect(made.slice(-2)).toEqual([61, 1]);
      expect(made.length).toBeLessThanOrEqual(5);
      const parked: { awaiting_key: string }[] = await fixture.dataSource.query(
        'SELECT awaiting_key FROM parked_event WHERE awaiting_key = ANY($1)',
        [[orphan, late]],
      );
      expect(parked).toEqual([{ awaiting_key: orphan }]);
      const inbox: { outcome: string }[] = await fixture.dataSource.query(
        'SELECT outcome FROM processed_event WHERE event_id = $1',
        [eventIdOf(rejected)],
      );
      expect(inbox).toEqual([{ outcome: 'dead_lettered' }]);
    } finally {
      await runner.stop();
    }
  });

  it('splits a set whose failure names no event until the culprit stands alone', async () => {
    const { source, dlq } = await topics();
    const good = await Promise.all(
      Array.from({ length: 40 }, (_, i) => held(uniqueName(`split${i % 10}`))),
    );
    const bug = await held(uniqueName('bug'), 'set-bug');
    await producer.send({
      topic: source,
      messages: [...good.slice(0, 20), bug, ...good.slice(20)],
    });
    const { runner } = await started(source, dlq, false, { maxUnknownAttempts: 1 });
    try {
      await waitFor(async () => (await effects(good.map((m) => String(m.key)))) === 40, {
        description: 'the 40 good events applied',
      });
      await waitFor(async () => (await deadLetters(dlq)) >= 1, {
        description: 'the failing event dead-lettered',
      });
      expect(await deadLetters(dlq)).toBe(1);
    } finally {
      await runner.stop();
    }
  });

  it('with its own inbox: no inbox rows for applied events, a duplicate in the fetch and a redelivery skipped', async () => {
    const { source, dlq } = await topics();
    const orders = Array.from({ length: 12 }, () => uniqueName('own'));
    const messages = await Promise.all(orders.map((orderId) => held(orderId)));
    await producer.send({ topic: source, messages: [...messages, messages[3]] });
    let failedOnce = false;
    const { runner, registry, groupId } = await started(source, dlq, true, {
      // The first round commits and then fails before its offsets: the round comes again.
      afterTransaction: () => {
        if (failedOnce) return;
        failedOnce = true;
        throw new Error('crash between the two commits');
      },
    });
    try {
      await waitFor(async () => (await effects(orders)) === 12, { description: '12 applied' });
      await waitFor(
        async () => {
          const made = await calls(groupId);
          return made.length >= 2;
        },
        { description: 'the round applied again after the failure' },
      );
      expect(await effects(orders)).toBe(12);
      const inbox: { n: number }[] = await fixture.dataSource.query(
        'SELECT count(*)::int AS n FROM processed_event WHERE event_id = ANY($1::uuid[])',
        [messages.map(eventIdOf)],
      );
      expect(inbox[0].n).toBe(0);
      const viewed: { n: number }[] = await fixture.dataSource.query(
        `SELECT count(*)::int AS n FROM consumer_inbox WHERE event_id = ANY($1::text[])`,
        [messages.map(eventIdOf)],
      );
      // The test's own table is not in the view: a service adds its table there (see the
      // control tower's migration); the runtime's view holds no applied rows of this consumer.
      expect(viewed[0].n).toBe(0);
      const consumed = await registry.getSingleMetricAsString('logisync_events_consumed_total');
      expect(consumed).toMatch(/event_type="OrderHeld",outcome="applied"\} 12/);
      const duplicates = /event_type="OrderHeld",outcome="duplicate"\} (\d+)/.exec(consumed);
      expect(Number(duplicates?.[1])).toBeGreaterThanOrEqual(13);
    } finally {
      await runner.stop();
    }
  });

  it('refuses a service with a set handler and per-event handlers', () => {
    expect(() =>
      testConsumer(fixture, {
        handlers: testHandlers,
        eventSet: declaration('refused'),
      }),
    ).toThrow(/one or the other/);
  });

  it('classifies a failure named for an event by the failure itself', async () => {
    await expect(
      forEventInSet('e-1', () => {
        throw new NonRetriableError('no');
      }),
    ).rejects.toMatchObject({ eventId: 'e-1', failure: expect.any(NonRetriableError) });
  });
});
