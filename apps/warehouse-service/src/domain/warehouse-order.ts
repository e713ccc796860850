import type { OrderPriority, OrderToAllocate } from './allocation';
import type { BackorderEntry } from './backorder-queue';
import type { FloorStatus, FloorWork } from './floor-work';
import { mergeSkuQuantities } from './quantity';

export interface ReleasedOrderLine {
  readonly lineNo: number;
  readonly sku: string;
  readonly quantity: number;
}

export type WarehouseOrderStatus = 'BACKORDERED' | FloorStatus;

/**
 * A released order as the warehouse holds it: waiting in the back-order queue (`backorder`),
 * or on the floor (`work`) from allocation to the truck; CANCELLED from either.
 */
export interface WarehouseOrder {
  readonly orderId: string;
  readonly tenant: string;
  readonly region: string;
  readonly priority: OrderPriority;
  readonly lines: readonly ReleasedOrderLine[];
  readonly releasedAt: Date;
  readonly allocationId: string | null;
  readonly backorder: BackorderEntry | null;
  readonly work: FloorWork | null;
  /** Set when it was cancelled while back-ordered (no floor work to carry it). */
  readonly cancelReason: string | null;
}

export function statusOf(order: WarehouseOrder): WarehouseOrderStatus {
  if (order.work) return order.work.status;
  return order.cancelReason === null ? 'BACKORDERED' : 'CANCELLED';
}

export function toAllocate(order: WarehouseOrder): OrderToAllocate {
  return {
    orderId: order.orderId,
    region: order.region,
    priority: order.priority,
    lines: mergeSkuQuantities(order.lines),
  };
}

/** The first order line of a SKU: events report lines by number, allocation works per SKU. */
export function lineNoOf(order: WarehouseOrder, sku: string): number {
  return order.lines.find((l) => l.sku === sku)?.lineNo ?? 0;
}
