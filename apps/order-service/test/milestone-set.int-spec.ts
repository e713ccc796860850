import {
  createEventMeta,
  sampleEvent,
  type EventType,
  type EventTypeMap,
} from '@logisync/canonical-events';
import {
  createPublisher,
  createSubscriber,
  silentLogger,
  type EventMessage,
  type EventPublisher,
} from '@logisync/event-runtime';
import { stackEndpoints, uniqueName, waitFor } from '@logisync/test-kit';
import { randomBytes, randomUUID } from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import { customerBody, orderBody } from './support/http';
import { startOrderService, type OrderServiceFixture } from './support/order-service.fixture';

type Producer = 'warehouse-service' | 'transport-service' | 'billing-service';
type Published = EventMessage<{
  orderId: string;
  meta: { causationId: string | null };
  reasonCode?: string;
  invoiceId?: string;
}>;

/** One consumer transaction: its statements, and how many events its inbox insert recorded. */
interface ConsumerTransaction {
  statements: string[];
  events: number;
  outcome: 'COMMIT' | 'ROLLBACK' | 'open';
}

const w = 'warehouse-service';
const t = 'transport-service';
const b = 'billing-service';
const shortageOrders = 4;
const completedOrders = 10;
const customsOrders = 2;
/** The most statements one consumer transaction may send, whatever the number of its events. */
const maxStatementsPerTransaction = 10;

let service: OrderServiceFixture;
const publishers = new Map<Producer, EventPublisher>();
const published: Published[] = [];
let subscriber: ReturnType<typeof createSubscriber>;
const transactions: ConsumerTransaction[] = [];

function at(minute: number): Date {
  return new Date(Date.UTC(2026, 10, 20, 8, minute));
}

function milestone<T extends EventType>(
  eventType: T,
  orderId: string,
  minute: number,
  producer: Producer,
  overrides: Partial<EventTypeMap[T]> = {},
): EventTypeMap[T] {
  const meta = createEventMeta({
    eventType,
    producer,
    correlationId: orderId,
    tenant: 'acme',
    region: 'eu-west',
    occurredAt: at(minute),
  });
  return sampleEvent(eventType, { ...overrides, orderId, meta } as never);
}

interface Step {
  producer: Producer;
  type: EventType;
  event: { meta: { eventId: string } };
  traceparent?: string;
}

function step<T extends EventType>(
  producer: Producer,
  type: T,
  orderId: string,
  minute: number,
  overrides: Partial<EventTypeMap[T]> = {},
): Step {
  return { producer, type, event: milestone(type, orderId, minute, producer, overrides) };
}

/**
 * Every statement of every consumer transaction, grouped by the query runner that sent it from
 * START TRANSACTION to COMMIT or ROLLBACK. A transaction is the consumer's when it records inbox
 * rows (processed_event); HTTP requests and the relay (its own pg client) are left out.
 */
function recordConsumerTransactions(): void {
  const open = new Map<QueryRunner, ConsumerTransaction>();
  service.dataSource.subscribers.push({
    beforeQuery({ query, parameters, queryRunner }) {
      const sql = query.replace(/\s+/g, ' ').trim();
      if (sql === 'START TRANSACTION') {
        open.set(queryRunner, { statements: [sql], events: 0, outcome: 'open' });
        return;
      }
      const tx = open.get(queryRunner);
      if (!tx) return;
      tx.statements.push(sql);
      if (sql.includes('INSERT INTO processed_event')) {
        tx.events = (parameters?.[1] as unknown[] | undefined)?.length ?? 0;
      }
      if (sql === 'COMMIT' || sql === 'ROLLBACK') {
        open.delete(queryRunner);
        tx.outcome = sql;
        if (tx.statements.some((s) => s.includes('processed_event'))) transactions.push(tx);
      }
    },
  });
}

async function releasedOrder(customerId: string): Promise<string> {
  const order = await service.http.post('/v1/orders', orderBody(customerId));
  const approved = await service.http.post(`/v1/orders/${order.body.id}/approve`);
  expect(approved.body.status).toBe('RELEASED');
  return order.body.id;
}

function eventsOf(orderId: string, type?: string) {
  return published.filter(
    (m) => m.event.orderId === orderId && (!type || m.headers['event-type'] === type),
  );
}

beforeAll(async () => {
  service = await startOrderService('milestone-set');
  for (const as of [w, t, b] as const) {
    publishers.set(
      as,
      await createPublisher({
        brokers: stackEndpoints.kafkaBrokers,
        registryUrl: stackEndpoints.registryUrl,
        as,
        topicName: service.topic,
        logger: silentLogger,
      }),
    );
  }
  subscriber = createSubscriber({
    brokers: stackEndpoints.kafkaBrokers,
    registryUrl: stackEndpoints.registryUrl,
    groupId: uniqueName('milestone-set-reader'),
    topics: [service.topic('order.milestones.v1')],
    logger: silentLogger,
  });
  for (const type of [
    'OrderHeld',
    'OrderHoldReleased',
    'OrderCompleted',
    'ExceptionRaised',
    'ExceptionResolved',
  ] as const) {
    subscriber.on(type, (m) => void published.push(m as never));
  }
  await subscriber.run();
  recordConsumerTransactions();
});

afterAll(async () => {
  await subscriber?.stop();
  for (const publisher of publishers.values()) await publisher.disconnect();
  await service?.close();
});

describe('milestones of many orders applied as one set', () => {
  it('folds every order, dead-letters the poison, applies a duplicate once, in a bounded number of statements', async () => {
    const customer = await service.http.post(
      '/v1/customers',
      customerBody({ creditLimit: 100_000_000 }),
    );
    const shortage: string[] = [];
    const completed: string[] = [];
    const customs: string[] = [];
    for (let i = 0; i < shortageOrders; i++) shortage.push(await releasedOrder(customer.body.id));
    for (let i = 0; i < completedOrders; i++) completed.push(await releasedOrder(customer.body.id));
    for (let i = 0; i < customsOrders; i++) customs.push(await releasedOrder(customer.body.id));

    // A shortage and its allocation in one set: the exception is opened and resolved in it.
    const shortageSteps = shortage.map((id) => [
      step(w, 'AllocationFailed', id, 1),
      step(w, 'InventoryAllocated', id, 2),
      step(w, 'OrderPicked', id, 3),
      step(w, 'OrderPacked', id, 4),
    ]);
    // Three producers' topics: the set interleaves them in any order; the status is a join.
    const traceparent = `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
    const completedSteps = completed.map((id, i) => [
      step(w, 'InventoryAllocated', id, 2),
      step(w, 'OrderPicked', id, 3),
      step(w, 'OrderPacked', id, 4),
      step(w, 'ShipmentLoaded', id, 5),
      step(t, 'ShipmentDeparted', id, 6, { classifier: 'ACTUAL' }),
      step(t, 'ShipmentDelivered', id, 10, { classifier: 'ACTUAL' }),
      {
        ...step(b, 'InvoiceIssued', id, 11, { invoiceId: `inv-${i}` }),
        traceparent: i === 0 ? traceparent : undefined,
      },
    ]);
    const customsSteps = customs.map((id) => [
      step(w, 'InventoryAllocated', id, 2),
      step(t, 'CustomsHoldRaised', id, 7, { classifier: 'ACTUAL', holdReason: 'documents' }),
    ]);
    // The order-service never parks (an unknown order's milestone can never become applicable):
    // the event in the middle that another service would park is here a milestone for an
    // order that was never released, dead-lettered, while the rest of its set is applied.
    const draft = await service.http.post('/v1/orders', orderBody(customer.body.id));
    const poison = [
      step(w, 'OrderPicked', randomUUID(), 3),
      step(t, 'ShipmentDeparted', draft.body.id, 6, { classifier: 'ACTUAL' }),
    ];
    // Published twice more: once beside its first copy's set, once at the end.
    const duplicate = completedSteps[3][1];
    const all = [
      ...shortageSteps.flat(),
      ...completedSteps.slice(0, 5).flat(),
      ...poison,
      duplicate,
      ...completedSteps.slice(5).flat(),
      ...customsSteps.flat(),
      duplicate,
    ];

    const versionsOf = async (ids: string[]) => {
      const rows: { id: string; version: number }[] = await service.dataSource.query(
        `SELECT id, version FROM customer_order WHERE id = ANY($1::uuid[])`,
        [ids],
      );
      return new Map(rows.map((r) => [r.id, r.version]));
    };
    const versionsBefore = await versionsOf([completed[3], draft.body.id]);

    // Everything is on the topics before the consumer fetches: its first rounds hold it all.
    expect((await service.http.post('/admin/consumer/pause')).status).toBe(200);
    for (const s of all) {
      await publishers.get(s.producer)!.publish(s.type, s.event as never, {
        traceparent: s.traceparent,
      });
    }
    expect((await service.http.post('/admin/consumer/resume')).status).toBe(200);

    const appliedEvents = all.length - poison.length - 2;
    await waitFor(
      async () => {
        const [{ n }] = await service.dataSource.query(
          `SELECT count(*)::int AS n FROM order_timeline_entry`,
        );
        return n === appliedEvents;
      },
      { description: `${appliedEvents} timeline entries`, timeoutMs: 60_000 },
    );
    const [{ deadLettered }] = await service.dataSource.query(
      `SELECT count(*)::int AS "deadLettered" FROM processed_event WHERE outcome = 'dead_lettered'`,
    );
    expect(deadLettered).toBe(poison.length);
    await waitFor(
      async () => {
        const values = (
          await service.metrics.getSingleMetric('logisync_events_consumed_total')!.get()
        ).values;
        return values
          .filter((v) => v.labels.outcome === 'duplicate')
          .reduce((n, v) => n + v.value, 0) === 2
          ? true
          : undefined;
      },
      { description: 'both copies of the duplicate counted as duplicates' },
    );

    // The state.
    for (const id of shortage) {
      const order = (await service.http.get(`/v1/orders/${id}`)).body;
      expect(order).toMatchObject({ status: 'PACKED', holds: [] });
      expect(order.timeline).toHaveLength(4);
      const exceptions = (await service.http.get(`/v1/exceptions?orderId=${id}`)).body.items;
      expect(exceptions).toMatchObject([
        {
          type: 'ALLOCATION_SHORTAGE',
          status: 'RESOLVED',
          resolution: 'InventoryAllocated: stock allocated',
        },
      ]);
    }
    for (const [i, id] of completed.entries()) {
      const order = (await service.http.get(`/v1/orders/${id}`)).body;
      expect(order).toMatchObject({ status: 'COMPLETED', invoiceId: `inv-${i}`, holds: [] });
      expect(order.timeline).toHaveLength(7);
    }
    for (const id of customs) {
      const order = (await service.http.get(`/v1/orders/${id}`)).body;
      expect(order).toMatchObject({ status: 'ON_HOLD', holds: [{ reason: 'CUSTOMS' }] });
    }
    // Each milestone applied bumps the version once, the duplicate and the poison not at all.
    const versions = await versionsOf([completed[3], draft.body.id]);
    expect(versions.get(completed[3])).toBe(versionsBefore.get(completed[3])! + 7);
    expect(versions.get(draft.body.id)).toBe(versionsBefore.get(draft.body.id));
    expect((await service.http.get(`/v1/orders/${draft.body.id}`)).body.timeline).toEqual([]);

    // The events emitted, each caused by its milestone.
    await waitFor(
      () =>
        published.length >= shortageOrders * 4 + completedOrders + customsOrders ? true : undefined,
      { description: 'the emitted events on the topic' },
    );
    for (const [i, id] of shortage.entries()) {
      const types = eventsOf(id).map((m) => m.headers['event-type']);
      expect(types.sort()).toEqual([
        'ExceptionRaised',
        'ExceptionResolved',
        'OrderHeld',
        'OrderHoldReleased',
      ]);
      const [held] = eventsOf(id, 'OrderHeld');
      expect(held.event).toMatchObject({ reasonCode: 'ALLOCATION_SHORTAGE' });
      expect(held.event.meta.causationId).toBe(shortageSteps[i][0].event.meta.eventId);
      const [resolved] = eventsOf(id, 'ExceptionResolved');
      expect(resolved.event.meta.causationId).toBe(shortageSteps[i][1].event.meta.eventId);
    }
    for (const [i, id] of completed.entries()) {
      expect(eventsOf(id).map((m) => m.headers['event-type'])).toEqual(['OrderCompleted']);
      const [done] = eventsOf(id);
      expect(done.key).toBe(id);
      expect(done.event).toMatchObject({ orderId: id, invoiceId: `inv-${i}` });
      expect(done.event.meta.causationId).toBe(completedSteps[i][6].event.meta.eventId);
    }
    // The event that caused it continues its trace.
    const traceId = (tp?: string) => tp?.split('-')[1];
    expect(traceId(eventsOf(completed[0])[0].headers.traceparent)).toBe(traceId(traceparent));
    for (const id of customs) {
      expect(eventsOf(id).map((m) => m.headers['event-type'])).toEqual(['OrderHeld']);
      expect(eventsOf(id)[0].event).toMatchObject({ reasonCode: 'CUSTOMS' });
    }

    // The statements: bounded per transaction, whatever the number of its events.
    const events = transactions.reduce((n, tx) => n + (tx.outcome === 'COMMIT' ? tx.events : 0), 0);
    const statements = transactions.reduce((n, tx) => n + tx.statements.length, 0);
    const report = transactions.map(
      (tx, i) =>
        `  set ${i + 1}: ${tx.events} events, ${tx.statements.length} statements, ${tx.outcome}`,
    );
    console.log(
      [
        `consumer transactions for ${all.length} published events (${appliedEvents} applied):`,
        ...report,
        `  in all: ${statements} statements for ${events} events recorded, ` +
          `${(statements / Math.max(events, 1)).toFixed(2)} per event`,
      ].join('\n'),
    );
    expect(events).toBe(all.length);
    for (const tx of transactions) {
      if (tx.statements.length > maxStatementsPerTransaction) {
        throw new Error(
          `${tx.statements.length} statements in one transaction of ${tx.events} events:\n` +
            tx.statements.map((s, i) => `  ${i + 1}. ${s.slice(0, 200)}`).join('\n'),
        );
      }
    }
    expect(Math.max(...transactions.map((tx) => tx.events))).toBeGreaterThanOrEqual(20);
  });
});
