import { Inject, Injectable } from '@nestjs/common';
import type { OrderReleasedV1 } from '@logisync/canonical-events';
import { OutboxWriter } from '@logisync/event-runtime';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { allocateOrder, startFloorWork, toAllocate, type WarehouseOrder } from '../../domain';
import { TypeOrmCatalogueRepository } from '../../infrastructure/catalogue.repository';
import { TypeOrmInventoryRepository } from '../../infrastructure/inventory.repository';
import { stockGate } from '../../infrastructure/stock-gate';
import { TypeOrmWarehouseOrderRepository } from '../../infrastructure/warehouse-order.repository';
import { allocationFailed, inventoryAllocated } from '../warehouse-event.factory';
import { WarehouseExceptions } from '../warehouse-exceptions';

export function releasedOrder(e: OrderReleasedV1, now: Date): WarehouseOrder {
  return {
    orderId: e.orderId,
    tenant: e.meta.tenant,
    region: e.region,
    priority: e.priority === 'EXPRESS' ? 'EXPRESS' : 'STANDARD',
    lines: e.lines.map(({ lineNo, sku, quantity }) => ({ lineNo, sku, quantity })),
    releasedAt: now,
    allocationId: null,
    backorder: null,
    work: null,
    cancelReason: null,
  };
}

/**
 * OrderReleased: the whole order from one warehouse (its region first), or a shortage: the
 * order joins the back-order queue, AllocationFailed and a STOCK_SHORTAGE exception go out.
 * The positions of the order's SKUs are locked, so racing orders never over-allocate.
 */
@Injectable()
export class AllocateOrderHandler {
  constructor(
    @Inject(TypeOrmWarehouseOrderRepository)
    private readonly orders: TypeOrmWarehouseOrderRepository,
    @Inject(TypeOrmInventoryRepository) private readonly inventory: TypeOrmInventoryRepository,
    @Inject(TypeOrmCatalogueRepository) private readonly catalogue: TypeOrmCatalogueRepository,
    @Inject(WarehouseExceptions) private readonly exceptions: WarehouseExceptions,
    @Inject(OutboxWriter) private readonly outbox: OutboxWriter,
  ) {}

  async execute(tx: EntityManager, event: OrderReleasedV1, eventId: string): Promise<void> {
    await stockGate.shared(tx);
    // A second OrderReleased of the same order (another eventId) changes nothing.
    if (await this.orders.find(tx, event.orderId)) return;
    const now = new Date();
    const order = releasedOrder(event, now);
    const skus = order.lines.map((l) => l.sku);
    const before = await this.inventory.lockBook(tx, skus);
    const warehouses = await this.catalogue.warehouses(tx);
    const { book, outcome } = allocateOrder(before, warehouses, toAllocate(order));
    if (outcome.kind === 'ALLOCATED') {
      const allocated = {
        ...order,
        allocationId: randomUUID(),
        work: startFloorWork(outcome.allocation),
      };
      await this.inventory.saveBook(tx, before, book);
      await this.orders.save(tx, allocated);
      await this.outbox.add(tx, inventoryAllocated(allocated, eventId));
      return;
    }
    const backordered: WarehouseOrder = {
      ...order,
      backorder: {
        order: toAllocate(order),
        backorderedAt: now.getTime(),
        skippedPasses: 0,
        heldPasses: 0,
      },
    };
    await this.orders.save(tx, backordered);
    const unknown = await this.catalogue.unknownSkus(tx, skus);
    const short = outcome.shortLines
      .map((l) => `${l.sku} ${l.quantityAvailable}/${l.quantityRequested}`)
      .join(', ');
    const details = `no single warehouse can fill the order (${short})${unknown.length ? `; unknown SKUs ${unknown.join(', ')}` : ''}; back-ordered`;
    await this.outbox.addAll(tx, [
      allocationFailed(backordered, outcome, unknown, eventId),
      await this.exceptions.raise(tx, backordered, 'STOCK_SHORTAGE', details, eventId),
    ]);
  }
}
