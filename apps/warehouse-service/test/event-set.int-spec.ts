import {
  createEventMeta,
  sampleEvent,
  type EventType,
  type EventTypeMap,
  type OrderReleasedV1,
} from '@logisync/canonical-events';
import {
  CONSUMER_RUNNER_REF,
  createPublisher,
  silentLogger,
  type ConsumerRunnerRef,
  type EventPublisher,
  type PublishReceipt,
} from '@logisync/event-runtime';
import { stackEndpoints, waitFor } from '@logisync/test-kit';
import { randomUUID } from 'node:crypto';
import type { EntityManager, QueryRunner } from 'typeorm';
import {
  ApplyWarehouseEventsHandler,
  type WarehouseSetEvent,
} from '../src/application/apply-warehouse-events/apply-warehouse-events.handler';
import { lockChunkStock } from '../src/infrastructure/chunk-stock-locks';
import { eventStreams, orderLines } from './support/event-streams';
import { httpClient, skuBody, warehouseBody } from './support/http';
import {
  startWarehouseService,
  type WarehouseServiceFixture,
} from './support/warehouse-service.fixture';

let service: WarehouseServiceFixture;
let api: ReturnType<typeof httpClient>;
let streams: Awaited<ReturnType<typeof eventStreams>>;
let applier: ApplyWarehouseEventsHandler;

/** One consumer transaction as the database saw it: its statements and the events applied. */
interface SetTransaction {
  statements: string[];
  events: number;
  committed: boolean;
}

const transactions: SetTransaction[] = [];

/**
 * Groups the statements the service's DataSource sends by transaction (START TRANSACTION to
 * COMMIT or ROLLBACK on one query runner) and keeps the consumer's: those that write inbox rows.
 * The relay, the HTTP commands and the gauges never do. Each statement is one round trip.
 */
function countSetStatements() {
  const open = new Map<QueryRunner, SetTransaction>();
  service.dataSource.subscribers.push({
    beforeQuery({ query, queryRunner }) {
      if (query === 'START TRANSACTION') {
        open.set(queryRunner, { statements: [query], events: 0, committed: false });
        return;
      }
      const t = open.get(queryRunner);
      if (!t) return;
      t.statements.push(query.replace(/\s+/g, ' ').trim());
      if (query !== 'COMMIT' && query !== 'ROLLBACK') return;
      open.delete(queryRunner);
      t.committed = query === 'COMMIT';
      if (t.statements.some((s) => s.includes('INSERT INTO processed_event'))) transactions.push(t);
    },
  });
  // The events each call of the set handler got, on the transaction that carries them: a
  // wrapper that counts them and runs the real handler.
  const execute = applier.execute.bind(applier);
  jest.spyOn(applier, 'execute').mockImplementation((tx, events) => {
    const t = open.get(tx.queryRunner!);
    if (t) t.events += events.length;
    return execute(tx, events);
  });
}

beforeAll(async () => {
  service = await startWarehouseService('warehouse-event-set');
  api = httpClient(service.baseUrl, { 'x-api-key': service.apiKey });
  streams = await eventStreams(service);
  applier = service.app.get(ApplyWarehouseEventsHandler);
  await api.post('/v1/warehouses', warehouseBody('WH-EU'));
  await api.post('/v1/warehouses', warehouseBody('WH-US', { region: 'us-east', country: 'US' }));
  const skus = ['LAST', 'FREE', 'NONE', 'ONE-1', 'ONE-2', 'ONE-3', 'ONE-4'];
  for (const sku of [...skus, 'SET-1', 'SET-2', 'SET-3', 'SET-4']) {
    await api.post('/v1/skus', skuBody(sku));
  }
});

afterAll(async () => {
  await streams?.close();
  await service?.close();
});

function event<T extends EventType>(
  eventType: T,
  orderId: string,
  producer: string,
  fields: Partial<EventTypeMap[T]>,
): EventTypeMap[T] {
  const meta = createEventMeta({
    eventType,
    producer,
    correlationId: orderId,
    tenant: 'acme',
    region: 'eu-west',
  });
  return sampleEvent(eventType, { ...fields, orderId, meta } as never);
}

async function inventory(sku: string, warehouseId: string) {
  const r = await api.get(`/v1/inventory?sku=${sku}&warehouseId=${warehouseId}`);
  return r.body.items[0] as { onHand: number; allocated: number; available: number };
}

async function statusOf(orderId: string): Promise<string | undefined> {
  const rows: { status: string }[] = await service.dataSource.query(
    'SELECT status FROM warehouse_order WHERE order_id = $1',
    [orderId],
  );
  return rows[0]?.status;
}

describe('a set of many orders applied in one transaction', () => {
  let order: EventPublisher;
  let transport: EventPublisher;

  beforeAll(async () => {
    const publisher = (as: 'order-service' | 'transport-service') =>
      createPublisher({
        brokers: stackEndpoints.kafkaBrokers,
        registryUrl: stackEndpoints.registryUrl,
        as,
        topicName: service.topic,
        logger: silentLogger,
      });
    [order, transport] = await Promise.all([
      publisher('order-service'),
      publisher('transport-service'),
    ]);
  });

  afterAll(async () => {
    await order?.disconnect();
    await transport?.disconnect();
  });

  it('allocates in set order, names the poison event, applies a duplicate once, in a bounded number of statements per set', async () => {
    await api.post('/v1/inventory/receipts', {
      warehouseId: 'WH-EU',
      lines: [
        { sku: 'LAST', quantity: 10 },
        { sku: 'FREE', quantity: 100 },
      ],
      reference: 'set',
    });
    const runner = service.app.get<ConsumerRunnerRef>(CONSUMER_RUNNER_REF).current!;
    await waitFor(() => Object.keys(runner.status().assignments).length > 0 || undefined, {
      description: 'the consumer in its group',
    });
    countSetStatements();
    // Everything below is published while the consumer is paused: the sets it then fetches
    // hold many orders' events at once.
    runner.pause();
    const published: { eventId: string; receipt: PublishReceipt }[] = [];
    const send = async <T extends EventType>(
      from: EventPublisher,
      type: T,
      orderId: string,
      fields: Partial<EventTypeMap[T]>,
    ) => {
      const producer = from === order ? 'order-service' : 'transport-service';
      const e = event(type, orderId, producer, fields);
      const receipt = await from.publish(type, e);
      published.push({ eventId: (e as { meta: { eventId: string } }).meta.eventId, receipt });
      return { event: e, receipt };
    };

    // 15 one-unit orders for 10 units: the first 10 of the set take them.
    const racing: { orderId: string; receipt: PublishReceipt }[] = [];
    for (let i = 0; i < 15; i++) {
      const orderId = randomUUID();
      const { receipt } = await send(order, 'OrderReleased', orderId, {
        lines: orderLines(['LAST', 1]),
        region: 'eu-west',
      });
      racing.push({ orderId, receipt });
      if (i === 7) {
        // (a) poison in the middle: a line of quantity 0 is refused by a rule, every time.
        const poison = randomUUID();
        const bad = await send(order, 'OrderReleased', poison, {
          lines: orderLines(['FREE', 0]),
        });
        racing.push({ orderId: poison, receipt: bad.receipt });
      }
    }
    const poisonId = racing[8].orderId;
    const poisonEventId = published[8].eventId;
    racing.splice(8, 1);

    // Released and cancelled in the same set: the cancellation sees the allocation.
    const cancelled = randomUUID();
    await send(order, 'OrderReleased', cancelled, { lines: orderLines(['FREE', 4]) });
    const cancel = await send(order, 'OrderCancelled', cancelled, { reason: 'changed mind' });
    // Back-ordered and cancelled in the same set: its shortage exception is resolved.
    const shortThenCancelled = randomUUID();
    await send(order, 'OrderReleased', shortThenCancelled, { lines: orderLines(['NONE', 1]) });
    await send(order, 'OrderCancelled', shortThenCancelled, { reason: 'no stock' });
    // (b) a cancellation of an order never released: the warehouse applies it as nothing to
    // undo (OrderReleased precedes it on the order's partition), it is not parked.
    const neverReleased = randomUUID();
    const orphan = await send(order, 'OrderCancelled', neverReleased, { reason: 'unknown' });
    // (c) the same event twice, and the same order again under another event id.
    const duplicated = randomUUID();
    const dup = await send(order, 'OrderReleased', duplicated, { lines: orderLines(['FREE', 2]) });
    await order.publish('OrderReleased', dup.event);
    await send(order, 'OrderReleased', duplicated, { lines: orderLines(['FREE', 2]) });
    // Shipments: planned, accepted, a withdrawal of another carrier's tender left standing;
    // another accepted then withdrawn by its carrier.
    const window = { startAt: new Date(), endAt: new Date(Date.now() + 3_600_000) };
    const kept = { orderId: randomUUID(), shipmentId: `SHP-K-${randomUUID().slice(0, 8)}` };
    const withdrawn = { orderId: randomUUID(), shipmentId: `SHP-W-${randomUUID().slice(0, 8)}` };
    await send(transport, 'ShipmentPlanned', kept.orderId, { shipmentId: kept.shipmentId });
    await send(transport, 'TenderAccepted', kept.orderId, {
      shipmentId: kept.shipmentId,
      carrierId: 'DHL',
      trackingNumber: 'DHL-1',
      pickupWindow: window,
    });
    await send(transport, 'TenderWithdrawn', kept.orderId, {
      shipmentId: kept.shipmentId,
      carrierId: 'UPS',
      reason: 'REPLANNED',
    });
    await send(transport, 'TenderAccepted', withdrawn.orderId, {
      shipmentId: withdrawn.shipmentId,
      carrierId: 'UPS',
      trackingNumber: 'UPS-1',
      pickupWindow: window,
    });
    await send(transport, 'TenderWithdrawn', withdrawn.orderId, {
      shipmentId: withdrawn.shipmentId,
      carrierId: 'UPS',
      reason: 'REPLANNED',
    });
    runner.resume();

    const eventIds = [...new Set(published.map((p) => p.eventId))];
    await waitFor(
      async () => {
        const [{ n }] = await service.dataSource.query(
          'SELECT count(*)::int AS n FROM processed_event WHERE event_id = ANY($1)',
          [eventIds],
        );
        return n === eventIds.length || undefined;
      },
      { description: 'every published event in the inbox', timeoutMs: 60_000 },
    );

    // The stock: 10 allocated, never more; in each partition the allocated orders come first.
    expect(await inventory('LAST', 'WH-EU')).toMatchObject({ onHand: 10, allocated: 10 });
    const statuses = new Map<string, string | undefined>();
    for (const r of racing) statuses.set(r.orderId, await statusOf(r.orderId));
    const allocated = racing.filter((r) => statuses.get(r.orderId) === 'ALLOCATED');
    const backordered = racing.filter((r) => statuses.get(r.orderId) === 'BACKORDERED');
    expect([allocated.length, backordered.length]).toEqual([10, 5]);
    for (const partition of new Set(racing.map((r) => r.receipt.partition))) {
      const inOffsetOrder = racing
        .filter((r) => r.receipt.partition === partition)
        .sort((a, b) => Number(BigInt(a.receipt.offset) - BigInt(b.receipt.offset)))
        .map((r) => statuses.get(r.orderId));
      const firstBackordered = inOffsetOrder.indexOf('BACKORDERED');
      if (firstBackordered >= 0) {
        expect(inOffsetOrder.slice(firstBackordered)).not.toContain('ALLOCATED');
      }
    }

    // (a) the poison event alone was dead-lettered; the rest of its set applied.
    const outcome = async (eventId: string) =>
      (
        await service.dataSource.query('SELECT outcome FROM processed_event WHERE event_id = $1', [
          eventId,
        ])
      )[0]?.outcome;
    expect(await outcome(poisonEventId)).toBe('dead_lettered');
    expect(await statusOf(poisonId)).toBeUndefined();
    // (b) applied, not parked; nothing stored for the order.
    expect(await outcome(orphan.event.meta.eventId)).toBe('applied');
    expect(await statusOf(neverReleased)).toBeUndefined();
    const [{ parked }] = await service.dataSource.query(
      'SELECT count(*)::int AS parked FROM parked_event',
    );
    expect(parked).toBe(0);
    // The cancellations in the same set as their releases.
    expect(await statusOf(cancelled)).toBe('CANCELLED');
    expect(await statusOf(shortThenCancelled)).toBe('CANCELLED');
    // (c) once: 2 units of FREE held for the duplicated order, 4 released by the cancellation.
    expect(await inventory('FREE', 'WH-EU')).toMatchObject({ onHand: 100, allocated: 2 });
    const shipment = async (id: string) => (await api.get(`/v1/shipments/${id}`)).body;
    expect(await shipment(kept.shipmentId)).toMatchObject({
      status: 'TENDER_ACCEPTED',
      carrierId: 'DHL',
      trackingNumber: 'DHL-1',
    });
    expect(await shipment(withdrawn.shipmentId)).toMatchObject({ status: 'WITHDRAWN' });

    // What went out, read from the topic.
    const expected = {
      InventoryAllocated: 10 + 1 + 1,
      AllocationFailed: 5 + 1,
      ExceptionRaised: 5 + 1,
      ExceptionResolved: 1,
      AllocationReleased: 1,
    };
    const ids = [...racing.map((r) => r.orderId), cancelled, shortThenCancelled, duplicated];
    const emitted = () =>
      Object.fromEntries(
        Object.keys(expected).map((type) => [
          type,
          ids.reduce((n, id) => n + streams.eventsOf(id, type).length, 0),
        ]),
      );
    await waitFor(() => JSON.stringify(emitted()) === JSON.stringify(expected) || undefined, {
      description: `the set's events on the topic (${JSON.stringify(expected)})`,
      timeoutMs: 45_000,
    });
    for (const r of allocated) {
      const [m] = streams.eventsOf(r.orderId, 'InventoryAllocated');
      expect(m.key).toBe(r.orderId);
      expect(m.event).toMatchObject({ warehouseId: 'WH-EU', lines: [{ lineNo: 1, sku: 'LAST' }] });
    }
    for (const r of backordered) {
      const [failed] = streams.eventsOf(r.orderId, 'AllocationFailed');
      expect(failed.event).toMatchObject({
        reason: 'SHORTAGE',
        backOrdered: true,
        shortLines: [{ lineNo: 1, sku: 'LAST', quantityRequested: 1, quantityAvailable: 0 }],
      });
    }
    const released = streams.eventsOf(cancelled, 'AllocationReleased')[0];
    expect(released.event).toMatchObject({ reason: 'ORDER_CANCELLED', warehouseId: 'WH-EU' });
    expect(released.event.meta.causationId).toBe(cancel.event.meta.eventId);
    const raised = streams.eventsOf(shortThenCancelled, 'ExceptionRaised')[0];
    const resolved = streams.eventsOf(shortThenCancelled, 'ExceptionResolved')[0];
    expect(resolved.event).toMatchObject({
      exceptionId: raised.event.exceptionId,
      resolution: 'order cancelled: no stock',
      resolvedBy: 'warehouse-service',
    });

    // The statements: bounded per transaction, whatever the number of events in it.
    const applied = transactions.filter((t) => t.committed && t.events > 0);
    const report = transactions.map(
      (t) =>
        `${t.committed ? 'commit' : 'rollback'}: ${t.events} events, ${t.statements.length} statements` +
        (t.events > 0 ? ` (${(t.statements.length / t.events).toFixed(2)} per event)` : ''),
    );
    const total = applied.reduce((n, t) => n + t.statements.length, 0);
    const events = applied.reduce((n, t) => n + t.events, 0);
    console.log(
      `consumer transactions of the set:\n  ${report.join('\n  ')}\n` +
        `committed: ${applied.length} sets, ${events} events, ${total} statements ` +
        `(${(total / events).toFixed(2)} per event)`,
    );
    expect(Math.max(...applied.map((t) => t.events))).toBeGreaterThanOrEqual(10);
    for (const t of transactions) {
      if (t.statements.length > maxStatementsPerSet) {
        throw new Error(`a set of ${t.events} events took:\n  ${t.statements.join('\n  ')}`);
      }
    }
  });
});

/**
 * START TRANSACTION; the lock hook (the stock gate and the stock rows); the inbox rows; the
 * set's read, its write and its outbox rows; COMMIT.
 */
const maxStatementsPerSet = 7;

describe('the set handler against the same events one at a time', () => {
  /** Stock in two regions, orders of several lines, a cancellation, shortages. */
  function scenario(skus: string[]) {
    const [a, b, c, d] = skus;
    const released = (region: string, ...lines: [string, number][]) =>
      sampleEvent('OrderReleased', {
        orderId: randomUUID(),
        region,
        lines: orderLines(...lines),
      }) as OrderReleasedV1;
    const orders = [
      released('eu-west', [a, 3], [b, 1]),
      released('us-east', [a, 2]),
      released('eu-west', [a, 4], [c, 2]),
      released('eu-west', [b, 2], [a, 1]),
      released('us-east', [c, 5]),
      released('eu-west', [a, 6]),
      released('eu-west', [d, 1]),
      released('us-east', [a, 1], [b, 1], [c, 1]),
    ];
    const setEvent = (eventType: string, event: object): WarehouseSetEvent => ({
      event: event as never,
      envelope: {
        eventType,
        eventId: randomUUID(),
        correlationId: randomUUID(),
        key: null,
        topic: 'test',
        partition: 0,
        offset: '0',
        headers: {},
      },
    });
    const events = orders.map((o) => setEvent('OrderReleased', o));
    // The second order cancelled before the fourth is released: its units go to later orders.
    const cancel = sampleEvent('OrderCancelled', { orderId: orders[1].orderId, reason: 'x' });
    events.splice(3, 0, setEvent('OrderCancelled', cancel));
    return { orders, events };
  }

  async function stockFor(skus: string[]) {
    for (const [warehouseId, quantities] of [
      ['WH-EU', [8, 3, 2, 0]],
      ['WH-US', [5, 2, 6, 0]],
    ] as const) {
      await api.post('/v1/inventory/receipts', {
        warehouseId,
        lines: skus
          .map((sku, i) => ({ sku, quantity: quantities[i] }))
          .filter((l) => l.quantity > 0),
        reference: `eq-${warehouseId}`,
      });
    }
  }

  async function outcome(orderIds: string[], skus: string[]) {
    const orders: { order_id: string; status: string; warehouse_id: string | null }[] =
      await service.dataSource.query(
        'SELECT order_id, status, warehouse_id FROM warehouse_order WHERE order_id = ANY($1)',
        [orderIds],
      );
    const byId = new Map(orders.map((o) => [o.order_id, o]));
    const positions: { warehouse_id: string; sku: string; allocated: number }[] =
      await service.dataSource.query(
        `SELECT warehouse_id, sku, allocated FROM inventory_position WHERE sku = ANY($1)
          ORDER BY warehouse_id, sku`,
        [skus],
      );
    return {
      orders: orderIds.map((id) => [byId.get(id)?.status, byId.get(id)?.warehouse_id]),
      positions: positions.map((p) => [p.warehouse_id, skus.indexOf(p.sku), p.allocated]),
    };
  }

  it('allocates exactly as applying each event in its own transaction', async () => {
    const apply = (tx: EntityManager, events: WarehouseSetEvent[]) =>
      lockChunkStock(
        tx,
        events.map((e) => ({ eventType: e.envelope.eventType, event: e.event })),
      ).then(() => applier.execute(tx, events));

    // The same orders against two copies of the same stock, each copy under its own SKUs.
    const oneByOne = ['ONE-1', 'ONE-2', 'ONE-3', 'ONE-4'];
    const asSet = ['SET-1', 'SET-2', 'SET-3', 'SET-4'];
    await stockFor(oneByOne);
    await stockFor(asSet);

    const single = scenario(oneByOne);
    for (const e of single.events) {
      await service.dataSource.transaction((tx) => apply(tx, [e]));
    }
    const set = scenario(asSet);
    await service.dataSource.transaction((tx) => apply(tx, set.events));

    const expected = await outcome(
      single.orders.map((o) => o.orderId),
      oneByOne,
    );
    expect(expected.orders.filter(([s]) => s === 'BACKORDERED').length).toBeGreaterThan(0);
    expect(expected.orders.filter(([s]) => s === 'ALLOCATED').length).toBeGreaterThan(2);
    expect(
      await outcome(
        set.orders.map((o) => o.orderId),
        asSet,
      ),
    ).toEqual(expected);
  });
});
