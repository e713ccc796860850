import { Allocation } from './allocation';
import { SkuQuantity } from './quantity';
import { WarehouseError } from './warehouse-errors';

export type FloorStatus = 'ALLOCATED' | 'PICKED' | 'PACKED' | 'LOADED' | 'CANCELLED';

export interface Package {
  readonly packageId: string;
  readonly weightGrams: number;
  readonly lengthMm: number;
  readonly widthMm: number;
  readonly heightMm: number;
  readonly lines: readonly SkuQuantity[];
}

export interface AcceptedTender {
  readonly shipmentId: string;
  readonly carrier: string;
  readonly trackingNumber: string;
}

/** Floor work of one order, from allocation to the truck. */
export interface FloorWork {
  readonly orderId: string;
  readonly allocation: Allocation;
  readonly status: FloorStatus;
  readonly picked: readonly SkuQuantity[] | null;
  readonly shortPicked: boolean;
  readonly packages: readonly Package[] | null;
  /** Independent of status: TMS may accept the tender before, during or after packing. */
  readonly tender: AcceptedTender | null;
  readonly cancelReason: string | null;
}

/** Forward order of the milestones; CANCELLED stands beside them as the other terminal state. */
const progress: Record<Exclude<FloorStatus, 'CANCELLED'>, number> = {
  ALLOCATED: 0,
  PICKED: 1,
  PACKED: 2,
  LOADED: 3,
};

export function startFloorWork(allocation: Allocation): FloorWork {
  return {
    orderId: allocation.orderId,
    allocation,
    status: 'ALLOCATED',
    picked: null,
    shortPicked: false,
    packages: null,
    tender: null,
    cancelReason: null,
  };
}

/**
 * Decides whether `target` may be applied now. Returns false when the work is already at or
 * past it (a duplicate or late milestone: the caller keeps the state, monotonic); throws when
 * the prerequisite has not happened yet or the order was cancelled.
 */
export function shouldApply(work: FloorWork, target: 'PICKED' | 'PACKED' | 'LOADED'): boolean {
  if (work.status === 'CANCELLED') {
    throw new WarehouseError('WAREHOUSE.ORDER_CANCELLED', `order ${work.orderId} was cancelled`, {
      orderId: work.orderId,
      reason: work.cancelReason,
    });
  }
  const distance = progress[target] - progress[work.status];
  if (distance <= 0) return false;
  if (distance > 1) {
    throw new WarehouseError(
      'WAREHOUSE.INVALID_TRANSITION',
      `order ${work.orderId} is ${work.status}, cannot become ${target}`,
      { orderId: work.orderId, status: work.status, target },
    );
  }
  return true;
}

/** TenderAccepted from TMS. The first accepted tender is kept; a redelivery changes nothing. */
export function recordTenderAccepted(work: FloorWork, tender: AcceptedTender): FloorWork {
  if (work.status === 'LOADED' || work.status === 'CANCELLED') return work;
  if (work.tender?.shipmentId === tender.shipmentId) return work;
  return { ...work, tender };
}

/** Cancellation is allowed until loading; afterwards the goods are gone and it is refused. */
export function cancelFloorWork(work: FloorWork, reason: string): FloorWork {
  if (work.status === 'CANCELLED') return work;
  if (work.status === 'LOADED') {
    throw new WarehouseError(
      'WAREHOUSE.ALREADY_LOADED',
      `order ${work.orderId} was loaded on shipment ${work.tender?.shipmentId}; it can no longer be cancelled`,
      { orderId: work.orderId, shipmentId: work.tender?.shipmentId, requestedReason: reason },
    );
  }
  return { ...work, status: 'CANCELLED', cancelReason: reason };
}
