import { sampleEvent, type OrderReleasedV1 } from '@logisync/canonical-events';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { ApplyWarehouseEventsHandler } from '../src/application/apply-warehouse-events/apply-warehouse-events.handler';
import { lockChunkStock } from '../src/infrastructure/chunk-stock-locks';
import { waitFor } from '@logisync/test-kit';
import { eventStreams, orderLines } from './support/event-streams';
import { httpClient, skuBody, warehouseBody } from './support/http';
import {
  startWarehouseService,
  type WarehouseServiceFixture,
} from './support/warehouse-service.fixture';

let service: WarehouseServiceFixture;
let api: ReturnType<typeof httpClient>;
let applier: ApplyWarehouseEventsHandler;
let streams: Awaited<ReturnType<typeof eventStreams>>;

beforeAll(async () => {
  service = await startWarehouseService('warehouse-race');
  api = httpClient(service.baseUrl, { 'x-api-key': service.apiKey });
  applier = service.app.get(ApplyWarehouseEventsHandler);
  streams = await eventStreams(service);
  await api.post('/v1/warehouses', warehouseBody('WH-1'));
  await api.post('/v1/warehouses', warehouseBody('WH-2', { region: 'us-east', country: 'US' }));
  for (const sku of ['LAST-UNITS', 'MIX-A', 'MIX-B', 'DL-X', 'DL-Y', 'DL-Z']) {
    await api.post('/v1/skus', skuBody(sku));
  }
});

afterAll(async () => {
  await streams?.close();
  await service?.close();
});

function released(lines: ReturnType<typeof orderLines>, region = 'eu-west'): OrderReleasedV1 {
  return sampleEvent('OrderReleased', { orderId: randomUUID(), lines, region });
}

/** An OrderReleased as the set handler gets it, alone in its set. */
function allocate(tx: EntityManager, event: OrderReleasedV1) {
  const envelope = {
    eventType: 'OrderReleased',
    eventId: randomUUID(),
    correlationId: event.orderId,
    key: event.orderId,
    topic: 'order.milestones.v1',
    partition: 0,
    offset: '0',
    headers: {},
  };
  return applier.execute(tx, [{ event, envelope }]);
}

/** Each allocation in its own transaction on its own pooled connection, all at once. */
function allocateConcurrently(events: OrderReleasedV1[]) {
  return Promise.all(events.map((e) => service.dataSource.transaction((tx) => allocate(tx, e))));
}

async function statusCounts(orderIds: string[]) {
  const rows: { status: string; n: number }[] = await service.dataSource.query(
    `SELECT status, count(*)::int AS n FROM warehouse_order WHERE order_id = ANY($1) GROUP BY status`,
    [orderIds],
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

async function position(sku: string, warehouseId: string) {
  const r = await api.get(`/v1/inventory?sku=${sku}&warehouseId=${warehouseId}`);
  return r.body.items[0] as { onHand: number; allocated: number; available: number };
}

describe('orders racing for the last units, on the real PostgreSQL', () => {
  it('allocates exactly 10 of 50 parallel one-unit orders for 10 units', async () => {
    await api.post('/v1/inventory/receipts', {
      warehouseId: 'WH-1',
      lines: [{ sku: 'LAST-UNITS', quantity: 10 }],
      reference: 'race',
    });
    const events = Array.from({ length: 50 }, () => released(orderLines(['LAST-UNITS', 1])));
    await allocateConcurrently(events);

    const ids = events.map((e) => e.orderId);
    expect(await statusCounts(ids)).toEqual({ ALLOCATED: 10, BACKORDERED: 40 });
    expect(await position('LAST-UNITS', 'WH-1')).toEqual(
      expect.objectContaining({ onHand: 10, allocated: 10, available: 0 }),
    );
    // What went out, read from the topic: the relay deletes its outbox rows once sent.
    const outcomes = () => {
      const count = (type: string) =>
        ids.reduce((n, id) => n + streams.eventsOf(id, type).length, 0);
      return {
        AllocationFailed: count('AllocationFailed'),
        InventoryAllocated: count('InventoryAllocated'),
      };
    };
    await waitFor(() => outcomes().AllocationFailed + outcomes().InventoryAllocated >= 50, {
      description: '50 allocation outcomes on the topic',
    });
    expect(outcomes()).toEqual({ AllocationFailed: 40, InventoryAllocated: 10 });
  });

  it('never over-allocates while receipts land during a race of multi-line orders', async () => {
    const events = Array.from({ length: 40 }, (_, i) =>
      released(
        orderLines(['MIX-A', 1 + (i % 3)], ['MIX-B', 1 + (i % 2)]),
        i % 2 ? 'us-east' : 'eu-west',
      ),
    );
    const receipts = ['WH-1', 'WH-2', 'WH-1', 'WH-2'].map((warehouseId, i) =>
      api.post('/v1/inventory/receipts', {
        warehouseId,
        lines: [
          { sku: 'MIX-A', quantity: 9 },
          { sku: 'MIX-B', quantity: 7 },
        ],
        reference: `mix-${i}`,
      }),
    );
    const [answers] = await Promise.all([Promise.all(receipts), allocateConcurrently(events)]);
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);

    const rows: {
      order_id: string;
      warehouse_id: string;
      allocated_lines: { sku: string; quantity: number }[];
    }[] = await service.dataSource.query(
      `SELECT order_id, warehouse_id, allocated_lines FROM warehouse_order
         WHERE order_id = ANY($1) AND status = 'ALLOCATED'`,
      [events.map((e) => e.orderId)],
    );
    const counts = await statusCounts(events.map((e) => e.orderId));
    expect((counts.ALLOCATED ?? 0) + (counts.BACKORDERED ?? 0)).toBe(40);
    expect(counts.ALLOCATED).toBeGreaterThan(0);
    for (const warehouseId of ['WH-1', 'WH-2']) {
      for (const sku of ['MIX-A', 'MIX-B']) {
        const held = rows
          .filter((r) => r.warehouse_id === warehouseId)
          .flatMap((r) => r.allocated_lines)
          .filter((l) => l.sku === sku)
          .reduce((s, l) => s + l.quantity, 0);
        const p = await position(sku, warehouseId);
        expect(p.allocated).toBe(held);
        expect(p.allocated).toBeLessThanOrEqual(p.onHand);
        expect(p.onHand).toBe(sku === 'MIX-A' ? 18 : 14);
      }
    }
  });
});

describe('chunks of allocations of different partitions, in concurrent transactions', () => {
  /**
   * Two consumer chunks: one transaction each, the chunk hook when given, then the events in
   * order, each as a set of one (so the handler locks stock twice per transaction). Between its first and second event each chunk waits (up to
   * 1.5 s) for the other to finish its first: chunk A takes DL-X and DL-Y, then DL-Z; chunk B
   * takes DL-Z, then DL-X. Handler by handler that is a lock cycle every time.
   */
  async function twoCrossedChunks(hook: boolean) {
    let aFirstDone!: () => void;
    let bFirstDone!: () => void;
    const firstDone = {
      a: new Promise<void>((r) => (aFirstDone = r)),
      b: new Promise<void>((r) => (bFirstDone = r)),
    };
    const chunk = (events: OrderReleasedV1[], done: () => void, other: Promise<void>) =>
      service.dataSource.transaction(async (tx) => {
        if (hook) {
          await lockChunkStock(
            tx,
            events.map((event) => ({ eventType: 'OrderReleased', event })),
          );
        }
        await allocate(tx, events[0]);
        done();
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([other, new Promise((r) => (timer = setTimeout(r, 1_500)))]);
        clearTimeout(timer);
        await allocate(tx, events[1]);
      });
    const a = [released(orderLines(['DL-X', 1], ['DL-Y', 1])), released(orderLines(['DL-Z', 1]))];
    const b = [released(orderLines(['DL-Z', 1])), released(orderLines(['DL-X', 1]))];
    const results = await Promise.allSettled([
      chunk(a, aFirstDone, firstDone.b),
      chunk(b, bFirstDone, firstDone.a),
    ]);
    return { results, orderIds: [...a, ...b].map((e) => e.orderId) };
  }

  beforeAll(async () => {
    await api.post('/v1/inventory/receipts', {
      warehouseId: 'WH-1',
      lines: ['DL-X', 'DL-Y', 'DL-Z'].map((sku) => ({ sku, quantity: 100 })),
      reference: 'deadlock',
    });
  });

  it('deadlock handler by handler (the control: the scenario is a real lock cycle)', async () => {
    const { results } = await twoCrossedChunks(false);
    const failed = results.filter((r) => r.status === 'rejected');
    expect(failed).toHaveLength(1);
    expect(((failed[0] as PromiseRejectedResult).reason as { code?: string }).code).toBe('40P01');
  });

  it('queue on each other instead when each chunk locks its stock up front', async () => {
    const { results, orderIds } = await twoCrossedChunks(true);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(await statusCounts(orderIds)).toEqual({ ALLOCATED: 4 });
  });
});
