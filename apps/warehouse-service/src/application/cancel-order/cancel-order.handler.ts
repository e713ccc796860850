import { Inject, Injectable } from '@nestjs/common';
import type { OrderCancelledV1 } from '@logisync/canonical-events';
import { OutboxWriter, type OutboxEntry } from '@logisync/event-runtime';
import type { EntityManager } from 'typeorm';
import { cancelOrderAndRelease, statusOf } from '../../domain';
import { TypeOrmInventoryRepository } from '../../infrastructure/inventory.repository';
import { TypeOrmWarehouseOrderRepository } from '../../infrastructure/warehouse-order.repository';
import { allocationReleased } from '../warehouse-event.factory';
import { WarehouseExceptions } from '../warehouse-exceptions';

/**
 * OrderCancelled before loading (compensation): the allocation is released (AllocationReleased),
 * open pick and pack work is cancelled and the order's exceptions are resolved. After loading
 * the goods are gone: nothing to undo. The freed units are available at once; back-orders are
 * retried by receipts only, because a retry pass needs the stock gate exclusively and a consumer
 * batch already holding it shared (an allocation) would deadlock upgrading it.
 */
@Injectable()
export class CancelOrderHandler {
  constructor(
    @Inject(TypeOrmWarehouseOrderRepository)
    private readonly orders: TypeOrmWarehouseOrderRepository,
    @Inject(TypeOrmInventoryRepository) private readonly inventory: TypeOrmInventoryRepository,
    @Inject(WarehouseExceptions) private readonly exceptions: WarehouseExceptions,
    @Inject(OutboxWriter) private readonly outbox: OutboxWriter,
  ) {}

  async execute(tx: EntityManager, event: OrderCancelledV1, eventId: string): Promise<void> {
    // OrderReleased precedes OrderCancelled on the order's partition: unknown = never released.
    const order = await this.orders.find(tx, event.orderId, true);
    if (!order) return;
    const status = statusOf(order);
    if (status === 'CANCELLED' || status === 'LOADED') return;
    const entries: OutboxEntry[] = [];
    if (order.work) {
      const { warehouseId, lines } = order.work.allocation;
      const before = await this.inventory.lockBook(
        tx,
        lines.map((l) => l.sku),
        warehouseId,
      );
      const change = cancelOrderAndRelease(before, order.work, event.reason);
      await this.inventory.saveBook(tx, before, change.book);
      const cancelled = { ...order, work: change.work };
      await this.orders.save(tx, cancelled);
      entries.push(allocationReleased(cancelled, eventId));
    } else {
      await this.orders.save(tx, { ...order, backorder: null, cancelReason: event.reason });
    }
    const resolution = `order cancelled: ${event.reason}`;
    entries.push(...(await this.exceptions.resolveOpen(tx, order, undefined, resolution, eventId)));
    await this.outbox.addAll(tx, entries);
  }
}
