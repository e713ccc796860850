import { InvalidStateError, statusOf, type FloorWork, type WarehouseOrder } from '../domain';

/** What the API returns for an order on the warehouse side. */
export function toWarehouseOrderView(order: WarehouseOrder) {
  const w = order.work;
  return {
    orderId: order.orderId,
    status: statusOf(order),
    region: order.region,
    priority: order.priority,
    lines: order.lines,
    allocationId: order.allocationId,
    warehouseId: w?.allocation.warehouseId ?? null,
    allocatedLines: w?.allocation.lines ?? [],
    picked: w?.picked ?? null,
    shortPicked: w?.shortPicked ?? false,
    packages: w?.packages ?? null,
    shipmentId: w?.tender?.shipmentId ?? null,
    carrierId: w?.tender?.carrier ?? null,
    trackingNumber: w?.tender?.trackingNumber ?? null,
    cancelReason: w?.cancelReason ?? order.cancelReason,
    backorderedAt: order.backorder ? new Date(order.backorder.backorderedAt) : null,
    releasedAt: order.releasedAt,
  };
}

export type WarehouseOrderView = ReturnType<typeof toWarehouseOrderView>;

/** Floor work needs an allocation: a back-ordered or cancelled-while-waiting order has none. */
export function floorWorkOf(order: WarehouseOrder): FloorWork {
  if (!order.work) {
    const status = statusOf(order);
    throw new InvalidStateError(
      'ORDER.NOT_ALLOCATED',
      `order ${order.orderId} is ${status}: nothing is allocated to pick, pack or load`,
      status,
    );
  }
  return order.work;
}
