import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  NotFoundError,
  statusOf,
  toAllocate,
  type FloorStatus,
  type OrderPriority,
  type WarehouseOrder,
} from '../domain';
import { WarehouseOrderEntity } from './warehouse-order.entities';

function toDomain(row: WarehouseOrderEntity): WarehouseOrder {
  const base = {
    orderId: row.orderId,
    tenant: row.tenant,
    region: row.region,
    priority: row.priority as OrderPriority,
    lines: row.lines,
    releasedAt: row.releasedAt,
    allocationId: row.allocationId,
    cancelReason: row.status === 'CANCELLED' && !row.allocationId ? row.cancelReason : null,
  };
  const backorder =
    row.status === 'BACKORDERED' && row.backorderedAt
      ? {
          order: toAllocate({ ...base, backorder: null, work: null }),
          backorderedAt: row.backorderedAt.getTime(),
          skippedPasses: row.skippedPasses,
          heldPasses: row.heldPasses,
        }
      : null;
  const work =
    row.allocationId && row.warehouseId && row.allocatedLines
      ? {
          orderId: row.orderId,
          allocation: {
            orderId: row.orderId,
            warehouseId: row.warehouseId,
            lines: row.allocatedLines,
          },
          status: row.status as FloorStatus,
          picked: row.picked,
          shortPicked: row.shortPicked,
          packages: row.packages,
          tender:
            row.shipmentId && row.carrierId
              ? {
                  shipmentId: row.shipmentId,
                  carrier: row.carrierId,
                  trackingNumber: row.trackingNumber ?? '',
                }
              : null,
          cancelReason: row.cancelReason,
        }
      : null;
  return { ...base, backorder, work };
}

function toEntity(o: WarehouseOrder): WarehouseOrderEntity {
  const w = o.work;
  return {
    orderId: o.orderId,
    tenant: o.tenant,
    region: o.region,
    priority: o.priority,
    lines: [...o.lines],
    status: statusOf(o),
    allocationId: o.allocationId,
    warehouseId: w?.allocation.warehouseId ?? null,
    allocatedLines: w ? [...w.allocation.lines] : null,
    picked: w?.picked ? [...w.picked] : null,
    shortPicked: w?.shortPicked ?? false,
    packages: w?.packages ? [...w.packages] : null,
    shipmentId: w?.tender?.shipmentId ?? null,
    carrierId: w?.tender?.carrier ?? null,
    trackingNumber: w?.tender?.trackingNumber ?? null,
    cancelReason: w?.cancelReason ?? o.cancelReason,
    backorderedAt: o.backorder ? new Date(o.backorder.backorderedAt) : null,
    skippedPasses: o.backorder?.skippedPasses ?? 0,
    heldPasses: o.backorder?.heldPasses ?? 0,
    releasedAt: o.releasedAt,
    updatedAt: new Date(),
  };
}

/** Released orders in the caller's transaction; `getForUpdate` locks the row until commit. */
@Injectable()
export class TypeOrmWarehouseOrderRepository {
  async find(tx: EntityManager, orderId: string, lock = false): Promise<WarehouseOrder | null> {
    const row = await tx.findOne(WarehouseOrderEntity, {
      where: { orderId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    return row ? toDomain(row) : null;
  }

  async getForUpdate(tx: EntityManager, orderId: string): Promise<WarehouseOrder> {
    const order = await this.find(tx, orderId, true);
    if (!order) throw new NotFoundError('ORDER', orderId);
    return order;
  }

  /** The back-order queue, locked in id order (a cancel may be waiting on one of them). */
  async lockBackorders(tx: EntityManager): Promise<WarehouseOrder[]> {
    const rows = await tx.find(WarehouseOrderEntity, {
      where: { status: 'BACKORDERED' },
      order: { orderId: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    return rows.map(toDomain);
  }

  async save(tx: EntityManager, order: WarehouseOrder): Promise<void> {
    await tx.save(WarehouseOrderEntity, toEntity(order));
  }
}
