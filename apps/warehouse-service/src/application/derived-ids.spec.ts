import { sampleEvent, type OrderReleasedV1 } from '@logisync/canonical-events';
import type { OutboxEntry } from '@logisync/event-runtime';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { InventoryBook, WarehouseOrder } from '../domain';
import { stocked, warehouses } from '../domain/warehouse.fixtures';
import { allocationIdFor } from './allocation-id';
import { releasedOrder, WarehouseSet } from './apply-warehouse-events/warehouse-set';
import { BackorderRetry } from './retry-backorders/backorder-retry';
import { WarehouseExceptions } from './warehouse-exceptions';

// The set's event path never touches the exception repository; raised() only builds rows.
const exceptions = new WarehouseExceptions({} as never);

function release(orderId: string, sku: string, quantity: number): OrderReleasedV1 {
  return sampleEvent('OrderReleased', {
    orderId,
    region: 'EU',
    lines: [{ lineNo: 1, sku, quantity, unitPrice: null }],
  } as never) as OrderReleasedV1;
}

/** A fresh set (as after a restore to an empty database) applying the same releases. */
function applyFresh(stock: InventoryBook, releases: [OrderReleasedV1, string][]): OutboxEntry[] {
  const set = new WarehouseSet(
    { orders: [], stock, warehouses, unknownSkus: new Set(), openExceptions: [], shipments: [] },
    exceptions,
  );
  return releases.flatMap(([event, eventId]) => set.apply('OrderReleased', event, eventId));
}

const field = (entries: OutboxEntry[], eventType: string, name: string) =>
  entries
    .filter((e) => e.eventType === eventType)
    .map((e) => (e.event as unknown as Record<string, string>)[name]);

describe('warehouse identities derived from their cause', () => {
  const stock = stocked(['WH-EU-1', 'SKU-A', 5]);

  it('an allocation and a shortage exception get the same ids when the release is replayed', () => {
    const allocated: [OrderReleasedV1, string] = [release(randomUUID(), 'SKU-A', 2), randomUUID()];
    const short: [OrderReleasedV1, string] = [release(randomUUID(), 'SKU-B', 1), randomUUID()];
    const first = applyFresh(stock, [allocated, short]);
    const replay = applyFresh(stock, [allocated, short]);

    const allocationIds = field(first, 'InventoryAllocated', 'allocationId');
    expect(allocationIds).toHaveLength(1);
    expect(field(replay, 'InventoryAllocated', 'allocationId')).toEqual(allocationIds);
    const exceptionIds = field(first, 'ExceptionRaised', 'exceptionId');
    expect(exceptionIds).toHaveLength(1);
    expect(field(replay, 'ExceptionRaised', 'exceptionId')).toEqual(exceptionIds);
    for (const id of [...allocationIds, ...exceptionIds]) expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gives distinct orders distinct allocations and distinct shortages distinct exceptions', () => {
    const entries = applyFresh(stock, [
      [release(randomUUID(), 'SKU-A', 2), randomUUID()],
      [release(randomUUID(), 'SKU-A', 3), randomUUID()],
      [release(randomUUID(), 'SKU-B', 1), randomUUID()],
      [release(randomUUID(), 'SKU-B', 1), randomUUID()],
    ]);
    const allocationIds = field(entries, 'InventoryAllocated', 'allocationId');
    const exceptionIds = field(entries, 'ExceptionRaised', 'exceptionId');
    expect(allocationIds).toHaveLength(2);
    expect(exceptionIds).toHaveLength(2);
    expect(new Set([...allocationIds, ...exceptionIds]).size).toBe(4);
  });

  it('a back-order pass derives the allocation from the order it allocates, the same each run', async () => {
    const orderIds = [randomUUID(), randomUUID()];
    const queued = (): WarehouseOrder[] =>
      orderIds.map((orderId, i) => {
        const order = releasedOrder(release(orderId, 'SKU-A', 2), new Date(1_000 + i));
        return {
          ...order,
          backorder: {
            order: {
              orderId,
              region: order.region,
              priority: order.priority,
              lines: [{ sku: 'SKU-A', quantity: 2 }],
            },
            backorderedAt: 1_000 + i,
            skippedPasses: 0,
            heldPasses: 0,
          },
        };
      });
    /** One pass against fresh fakes of the repositories: the queue, the stock, the catalogue. */
    async function pass(): Promise<string[]> {
      const saved: WarehouseOrder[] = [];
      const retry = new BackorderRetry(
        {
          lockBackorders: async () => queued(),
          save: async (_tx: unknown, o: WarehouseOrder) => void saved.push(o),
        } as never,
        { lockBook: async () => stock, saveBook: async () => undefined } as never,
        { warehouses: async () => warehouses } as never,
        { resolveOpen: async () => [] } as never,
      );
      await retry.run({} as EntityManager, null);
      return saved.filter((o) => o.allocationId).map((o) => o.allocationId!);
    }
    const first = await pass();
    expect(first).toHaveLength(2);
    expect(new Set(first).size).toBe(2);
    expect(await pass()).toEqual(first);
    // The same id the release would have derived, had the stock been there then.
    expect(first).toEqual(orderIds.map(allocationIdFor));
    expect(allocationIdFor(orderIds[0].toUpperCase())).toBe(first[0]);
  });
});
