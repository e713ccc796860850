import { createEventMeta, type EventType, type EventTypeMap } from '@logisync/canonical-events';
import type { OutboxEntry } from '@logisync/event-runtime';
import { lineNoOf, type AllocationOutcome, type FloorWork, type WarehouseOrder } from '../domain';

export const producer = 'warehouse-service';

type Shortage = Extract<AllocationOutcome, { kind: 'SHORTAGE' }>;

function entry<T extends EventType>(eventType: T, event: EventTypeMap[T]): OutboxEntry {
  return { eventType, event } as OutboxEntry;
}

export function metaFor(order: WarehouseOrder, eventType: EventType, causationId: string | null) {
  return createEventMeta({
    eventType,
    producer,
    correlationId: order.orderId,
    causationId,
    tenant: order.tenant,
    region: order.region,
  });
}

function workOf(order: WarehouseOrder): FloorWork {
  if (!order.work) throw new Error(`order ${order.orderId} has no floor work`);
  return order.work;
}

/** Whole-order allocation: every order line, by its number, at its full quantity. */
function allocationLines(order: WarehouseOrder) {
  return order.lines.map(({ lineNo, sku, quantity }) => ({ lineNo, sku, quantity }));
}

export function inventoryAllocated(order: WarehouseOrder, causationId: string | null) {
  return entry('InventoryAllocated', {
    meta: metaFor(order, 'InventoryAllocated', causationId),
    orderId: order.orderId,
    allocationId: order.allocationId!,
    warehouseId: workOf(order).allocation.warehouseId,
    lines: allocationLines(order),
  });
}

export function allocationFailed(
  order: WarehouseOrder,
  shortage: Shortage,
  unknownSkus: readonly string[],
  causationId: string | null,
) {
  return entry('AllocationFailed', {
    meta: metaFor(order, 'AllocationFailed', causationId),
    orderId: order.orderId,
    warehouseId: shortage.closestWarehouseId,
    reason: unknownSkus.length > 0 ? 'SKU_UNKNOWN' : 'SHORTAGE',
    shortLines: shortage.shortLines.map((l) => ({
      lineNo: lineNoOf(order, l.sku),
      sku: l.sku,
      quantityRequested: l.quantityRequested,
      quantityAvailable: l.quantityAvailable,
    })),
    backOrdered: true,
  });
}

export function allocationReleased(order: WarehouseOrder, causationId: string | null) {
  return entry('AllocationReleased', {
    meta: metaFor(order, 'AllocationReleased', causationId),
    orderId: order.orderId,
    allocationId: order.allocationId!,
    warehouseId: workOf(order).allocation.warehouseId,
    reason: 'ORDER_CANCELLED',
    lines: allocationLines(order),
  });
}

export function orderPicked(order: WarehouseOrder) {
  const work = workOf(order);
  return entry('OrderPicked', {
    meta: metaFor(order, 'OrderPicked', null),
    orderId: order.orderId,
    warehouseId: work.allocation.warehouseId,
    lines: (work.picked ?? []).map((l) => ({ sku: l.sku, quantityPicked: l.quantity })),
    shortPicked: work.shortPicked,
  });
}

function packagesOf(work: FloorWork) {
  return (work.packages ?? []).map((p) => ({
    packageId: p.packageId,
    weightGrams: p.weightGrams,
    lengthMm: p.lengthMm,
    widthMm: p.widthMm,
    heightMm: p.heightMm,
    lines: p.lines.map(({ sku, quantity }) => ({ sku, quantity })),
  }));
}

export function orderPacked(order: WarehouseOrder) {
  const work = workOf(order);
  return entry('OrderPacked', {
    meta: metaFor(order, 'OrderPacked', null),
    orderId: order.orderId,
    warehouseId: work.allocation.warehouseId,
    packages: packagesOf(work),
  });
}

export function shipmentLoaded(order: WarehouseOrder) {
  const work = workOf(order);
  return entry('ShipmentLoaded', {
    meta: metaFor(order, 'ShipmentLoaded', null),
    orderId: order.orderId,
    shipmentId: work.tender!.shipmentId,
    warehouseId: work.allocation.warehouseId,
    carrierId: work.tender!.carrier,
    trackingNumber: work.tender!.trackingNumber,
    packages: packagesOf(work),
  });
}
