import { Inject, Injectable } from '@nestjs/common';
import type { OutboxEntry } from '@logisync/event-runtime';
import type { EntityManager } from 'typeorm';
import { retryBackorders, startFloorWork, type WarehouseOrder } from '../../domain';
import { TypeOrmCatalogueRepository } from '../../infrastructure/catalogue.repository';
import { TypeOrmInventoryRepository } from '../../infrastructure/inventory.repository';
import { TypeOrmWarehouseOrderRepository } from '../../infrastructure/warehouse-order.repository';
import { allocationIdFor } from '../allocation-id';
import { inventoryAllocated } from '../warehouse-event.factory';
import { WarehouseExceptions } from '../warehouse-exceptions';

/**
 * One back-order pass (priority, then age; see the domain's retryBackorders). The caller holds
 * the stock gate exclusively, so the queue and the stock it reads cannot change under it.
 */
@Injectable()
export class BackorderRetry {
  constructor(
    @Inject(TypeOrmWarehouseOrderRepository)
    private readonly orders: TypeOrmWarehouseOrderRepository,
    @Inject(TypeOrmInventoryRepository) private readonly inventory: TypeOrmInventoryRepository,
    @Inject(TypeOrmCatalogueRepository) private readonly catalogue: TypeOrmCatalogueRepository,
    @Inject(WarehouseExceptions) private readonly exceptions: WarehouseExceptions,
  ) {}

  async run(tx: EntityManager, causationId: string | null): Promise<OutboxEntry[]> {
    const queued = await this.orders.lockBackorders(tx);
    if (queued.length === 0) return [];
    const byId = new Map(queued.map((o) => [o.orderId, o]));
    const before = await this.inventory.lockBook(
      tx,
      queued.flatMap((o) => o.lines.map((l) => l.sku)),
    );
    const warehouses = await this.catalogue.warehouses(tx);
    const result = retryBackorders(
      before,
      warehouses,
      queued.map((o) => o.backorder!),
    );
    await this.inventory.saveBook(tx, before, result.book);
    const entries: OutboxEntry[] = [];
    for (const allocation of result.allocations) {
      const allocated: WarehouseOrder = {
        ...byId.get(allocation.orderId)!,
        // The pass acts on a back-ordered order, allocated once: its id comes from the order.
        allocationId: allocationIdFor(allocation.orderId),
        backorder: null,
        work: startFloorWork(allocation),
      };
      await this.orders.save(tx, allocated);
      entries.push(inventoryAllocated(allocated, causationId));
      const resolution = `stock allocated in ${allocation.warehouseId}`;
      entries.push(
        ...(await this.exceptions.resolveOpen(
          tx,
          allocated,
          'STOCK_SHORTAGE',
          resolution,
          causationId,
        )),
      );
    }
    for (const entry of result.queue) {
      await this.orders.save(tx, { ...byId.get(entry.order.orderId)!, backorder: entry });
    }
    return entries;
  }
}
