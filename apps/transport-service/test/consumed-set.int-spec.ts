import { waitFor } from '@logisync/test-kit';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntitySubscriberInterface } from 'typeorm';
import {
  connectEventBus,
  eventOf,
  packedOrder,
  releasedOrder,
  type EventBus,
} from './support/event-bus';
import { carrierBody, httpClient, laneBody, secretOf } from './support/http';
import {
  startTransportService,
  type TransportServiceFixture,
} from './support/transport-service.fixture';

let service: TransportServiceFixture;
let api: ReturnType<typeof httpClient>;
let bus: EventBus;

beforeAll(async () => {
  service = await startTransportService('transport-consumed-set');
  api = httpClient(service.baseUrl, { 'x-api-key': service.apiKey });
  bus = await connectEventBus(service);
  // Two equal offers: the carrier id decides, the same way on every replay.
  for (const id of ['tango', 'sierra']) {
    expect((await api.post('/v1/carriers', carrierBody(id))).status).toBe(201);
    expect((await api.post('/v1/lanes', laneBody(id))).status).toBe(201);
  }
});

afterAll(async () => {
  await bus?.close();
  await service?.close();
});

/**
 * The consumer's transactions, statement by statement: TypeORM's beforeQuery runs for every
 * statement a query runner sends, BEGIN and COMMIT included (each a round trip). The relay
 * sends through its own pg client and is not seen here, the tender sweeper is off, and the
 * parked-event sweeper's transactions open otherwise.
 */
function recordTransactions(dataSource: DataSource) {
  const open = new Map<unknown, string[]>();
  const done: string[][] = [];
  let recording = false;
  const subscriber: EntitySubscriberInterface = {
    beforeQuery({ query, queryRunner }) {
      if (!recording) return;
      const sql = query.replace(/\s+/g, ' ').trim();
      if (/^(START TRANSACTION|BEGIN)/i.test(sql)) {
        open.set(queryRunner, [sql]);
        return;
      }
      const statements = open.get(queryRunner);
      if (!statements) return;
      statements.push(sql);
      if (/^(COMMIT|ROLLBACK)$/i.test(sql)) {
        open.delete(queryRunner);
        done.push(statements);
      }
    },
  };
  dataSource.subscribers.push(subscriber);
  return {
    start: () => {
      recording = true;
    },
    stop: () => {
      recording = false;
    },
    /** A consumed set's transaction opens by recording the set's inbox rows. */
    consumer: () => done.filter((t) => t[1]?.includes('INSERT INTO processed_event')),
  };
}

async function statusesOf(orderIds: string[]): Promise<Record<string, number>> {
  const rows: { status: string; n: number }[] = await service.dataSource.query(
    'SELECT status, count(*)::int AS n FROM shipment WHERE order_id = ANY($1) GROUP BY status',
    [orderIds],
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

async function outcomeOf(eventId: string): Promise<string | undefined> {
  const rows: { outcome: string }[] = await service.dataSource.query(
    'SELECT outcome FROM processed_event WHERE event_id = $1',
    [eventId],
  );
  return rows.length > 1 ? 'recorded twice' : rows[0]?.outcome;
}

function departed(orderId: string, trackingNumber: string) {
  return eventOf('CarrierMilestoneReported', orderId, 'carrier-platform', {
    carrierId: 'sierra',
    carrierEventId: `dep-${orderId}`,
    trackingNumber,
    orderId,
    code: 'DEPARTED',
    classifier: 'ACTUAL',
    milestoneAt: new Date(Date.UTC(2026, 10, 26, 8, 0)),
    location: {
      name: null,
      unLocode: 'DEBER',
      facilityCode: null,
      city: null,
      postalCode: null,
      country: null,
      geo: null,
    },
    detail: null,
    proofOfDelivery: null,
  });
}

const orders = (n: number) => Array.from({ length: n }, () => randomUUID());

describe('a consumed set of many orders, applied at once', () => {
  it('plans, withdraws, loads and records in a bounded number of statements, naming the poison and the parked event', async () => {
    const toPlan = orders(40);
    const toCancel = orders(4);
    const toShip = orders(4);

    // Before the set: every order released, and the orders to cancel or ship tendered, the
    // shipped ones accepted with a tracking number.
    for (const orderId of [...toPlan, ...toCancel, ...toShip]) {
      await bus.publish('order-service', 'OrderReleased', releasedOrder(orderId));
    }
    for (const orderId of [...toCancel, ...toShip]) {
      await bus.publish('warehouse-service', 'OrderPacked', packedOrder(orderId));
    }
    const tenders = new Map<string, { tenderId: string; shipmentId: string }>();
    for (const orderId of [...toCancel, ...toShip]) {
      const [tendered] = await bus.awaitEvents(orderId, 'CarrierTendered');
      tenders.set(orderId, tendered.event as never);
    }
    await waitFor(
      async () => {
        const rows: { n: number }[] = await service.dataSource.query(
          'SELECT count(*)::int AS n FROM order_destination WHERE order_id = ANY($1)',
          [toPlan],
        );
        return rows[0].n === toPlan.length;
      },
      { description: 'every release recorded' },
    );
    const trackingNumberOf = (orderId: string) => `TRK-${orderId}`;
    for (const orderId of toShip) {
      const { tenderId } = tenders.get(orderId)!;
      const path = `/v1/carrier/tenders/${encodeURIComponent(tenderId)}/response`;
      const body = { decision: 'ACCEPT', trackingNumber: trackingNumberOf(orderId) };
      const accepted = await api.signed(path, body, secretOf('sierra'), service.clock.now());
      expect(accepted.status).toBe(200);
    }

    // The set, published while the consumer is paused, so that one fetch holds it all.
    expect((await service.http.post('/admin/consumer/pause')).body.paused).toBe(true);
    const transactions = recordTransactions(service.dataSource);
    transactions.start();
    const unknownOrder = randomUUID();
    const poison = eventOf('ShipmentLoaded', unknownOrder, 'warehouse-service', {
      orderId: unknownOrder,
    });
    const parked = packedOrder(randomUUID());
    const twice = packedOrder(toPlan[0]);
    const published: { as: 'order-service' | 'warehouse-service' | 'external'; e: unknown }[] = [
      { as: 'warehouse-service', e: twice },
      ...toPlan
        .slice(1, 20)
        .map((id) => ({ as: 'warehouse-service' as const, e: packedOrder(id) })),
      { as: 'warehouse-service', e: poison },
      { as: 'warehouse-service', e: parked },
      ...toPlan.slice(20).map((id) => ({ as: 'warehouse-service' as const, e: packedOrder(id) })),
      { as: 'warehouse-service', e: twice },
      ...toCancel.map((orderId) => ({
        as: 'order-service' as const,
        e: eventOf('OrderCancelled', orderId, 'order-service', { orderId, reason: 'customer' }),
      })),
      ...toShip.map((orderId) => ({
        as: 'warehouse-service' as const,
        e: eventOf('ShipmentLoaded', orderId, 'warehouse-service', {
          orderId,
          shipmentId: tenders.get(orderId)!.shipmentId,
          carrierId: 'sierra',
          trackingNumber: trackingNumberOf(orderId),
        }),
      })),
      ...toShip.map((orderId) => ({
        as: 'external' as const,
        e: departed(orderId, trackingNumberOf(orderId)),
      })),
    ];
    for (const { as, e } of published) {
      const { eventType } = (e as { meta: { eventType: string } }).meta;
      await bus.publish(as, eventType as never, e as never);
    }
    expect((await service.http.post('/admin/consumer/resume')).body.paused).toBe(false);

    await waitFor(async () => (await statusesOf(toPlan)).TENDERED === toPlan.length, {
      description: 'every packed order planned and tendered',
      timeoutMs: 60_000,
    });
    await waitFor(async () => (await outcomeOf(poison.meta.eventId)) === 'dead_lettered', {
      description: 'the poison dead-lettered',
    });
    await waitFor(async () => (await statusesOf(toShip)).DEPARTED === toShip.length, {
      description: 'the loaded shipments departed',
    });
    expect(await statusesOf(toCancel)).toEqual({ CANCELLED: toCancel.length });
    const parkedRows: { awaiting_event_type: string; awaiting_key: string }[] =
      await service.dataSource.query(
        'SELECT awaiting_event_type, awaiting_key FROM parked_event WHERE event_id = $1',
        [parked.meta.eventId],
      );
    expect(parkedRows).toEqual([
      { awaiting_event_type: 'OrderReleased', awaiting_key: parked.orderId },
    ]);
    expect(await outcomeOf(twice.meta.eventId)).toBe('applied');
    transactions.stop();

    // The statements of the whole set: the failed attempts (each rolled back once its poison
    // or parked event was named) and the committed one, whatever the number of events.
    const sent = transactions.consumer();
    const counts = sent.map((t) => t.length);
    const total = counts.reduce((a, b) => a + b, 0);
    console.log(
      `consumed set: ${published.length} events in ${sent.length} transactions ` +
        `(${sent.filter((t) => t.at(-1) === 'COMMIT').length} committed), statements per ` +
        `transaction ${JSON.stringify(counts)}, ${total} in all, ` +
        `${(total / published.length).toFixed(2)} per event`,
    );
    // At most 12 a transaction (BEGIN, the inbox, three reads, three writes, the parked row,
    // COMMIT, and room to spare); one attempt more for each event named as it failed (here the
    // poison and the parked one), never one per event.
    // A fetch round that arrived in two parts would commit twice; never once per event.
    for (const t of sent) expect(t.length).toBeLessThanOrEqual(12);
    expect(sent.filter((t) => t.at(-1) === 'ROLLBACK').length).toBeLessThanOrEqual(2);
    expect(sent.filter((t) => t.at(-1) === 'COMMIT').length).toBeLessThanOrEqual(3);

    // Emitted: each plan once (the twice-published event is a duplicate), each tender to the
    // carrier the lanes rank first, each withdrawal, each departure.
    for (const orderId of toPlan) {
      const [tendered] = await bus.awaitEvents(orderId, 'CarrierTendered');
      expect(tendered.event).toMatchObject({
        carrierId: 'sierra',
        attempt: 1,
        tenderId: `${tendered.event.shipmentId}:tender:1`,
        quotedFreightMinor: 1_500,
      });
      expect(tendered.event.meta.causationId).toBeTruthy();
      await bus.awaitEvents(orderId, 'ShipmentPlanned');
    }
    for (const orderId of toCancel) {
      const [withdrawn] = await bus.awaitEvents(orderId, 'TenderWithdrawn');
      expect(withdrawn.event).toMatchObject({
        tenderId: tenders.get(orderId)!.tenderId,
        reason: 'ORDER_CANCELLED',
      });
    }
    for (const orderId of toShip) {
      const [departure] = await bus.awaitEvents(orderId, 'ShipmentDeparted');
      expect(departure.event).toMatchObject({ carrierEventId: `dep-${orderId}` });
    }

    // The parked event's prerequisite arrives: it is applied then.
    await bus.publish('order-service', 'OrderReleased', releasedOrder(parked.orderId));
    await bus.awaitEvents(parked.orderId, 'CarrierTendered');
    expect(bus.eventsOf(toPlan[0], 'ShipmentPlanned')).toHaveLength(1);
    expect(bus.eventsOf(poison.orderId)).toHaveLength(0);
  });
});
