import type {
  OrderCancelledV1,
  OrderReleasedV1,
  ShipmentPlannedV1,
  TenderAcceptedV1,
  TenderWithdrawnV1,
} from '@logisync/canonical-events';
import type { OutboxEntry } from '@logisync/event-runtime';
import {
  allocateOrder,
  cancelOrderAndRelease,
  startFloorWork,
  statusOf,
  toAllocate,
  type InventoryBook,
  type Warehouse,
  type WarehouseOrder,
} from '../../domain';
import type {
  ShipmentEntity,
  WarehouseExceptionEntity,
} from '../../infrastructure/warehouse-order.entities';
import { allocationIdFor } from '../allocation-id';
import {
  allocationFailed,
  allocationReleased,
  inventoryAllocated,
  producer,
} from '../warehouse-event.factory';
import { shortageExceptionId, type WarehouseExceptions } from '../warehouse-exceptions';
import { orderKey } from './order-key';
import { ShipmentSet } from './shipment-set';

/** The events the warehouse applies, by type. */
export interface WarehouseInboundEvents {
  OrderReleased: OrderReleasedV1;
  OrderCancelled: OrderCancelledV1;
  ShipmentPlanned: ShipmentPlannedV1;
  TenderAccepted: TenderAcceptedV1;
  TenderWithdrawn: TenderWithdrawnV1;
}

export type WarehouseInboundType = keyof WarehouseInboundEvents;
export type WarehouseInboundEvent = WarehouseInboundEvents[WarehouseInboundType];

export const warehouseInboundTypes: readonly WarehouseInboundType[] = [
  'OrderReleased',
  'OrderCancelled',
  'ShipmentPlanned',
  'TenderAccepted',
  'TenderWithdrawn',
];

/** What an event set's one read found: the rows its events touch, and the reference data. */
export interface WarehouseSetRows {
  orders: readonly WarehouseOrder[];
  stock: InventoryBook;
  warehouses: readonly Warehouse[];
  /** Of the SKUs the set's released orders name, those nobody created. */
  unknownSkus: ReadonlySet<string>;
  /** The open exceptions of the orders the set cancels, oldest first. */
  openExceptions: readonly WarehouseExceptionEntity[];
  shipments: readonly ShipmentEntity[];
}

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
 * An event set's state in memory: the orders, the stock, the open exceptions and the shipments
 * its events touch, as the read found them, changed event by event in set order, so an event
 * sees what the events before it left (earlier orders of the set take stock before later
 * ones). Each event returns the events it emits; what changed is written once by the caller.
 */
export class WarehouseSet {
  private readonly orders: Map<string, WarehouseOrder>;
  private book: InventoryBook;
  private readonly stockRead: InventoryBook;
  private readonly openExceptions = new Map<string, WarehouseExceptionEntity[]>();
  private readonly shipments: ShipmentSet;
  private readonly changedOrders = new Map<string, WarehouseOrder>();
  private readonly changedExceptions = new Map<string, WarehouseExceptionEntity>();

  constructor(
    private readonly rows: WarehouseSetRows,
    private readonly exceptions: WarehouseExceptions,
  ) {
    this.orders = new Map(rows.orders.map((o) => [orderKey(o.orderId), o]));
    this.book = this.stockRead = rows.stock;
    for (const row of rows.openExceptions) this.openOf(orderKey(row.orderId)).push(row);
    this.shipments = new ShipmentSet(rows.shipments);
  }

  apply<T extends WarehouseInboundType>(
    eventType: T,
    event: WarehouseInboundEvents[T],
    eventId: string,
  ): OutboxEntry[] {
    switch (eventType) {
      case 'OrderReleased':
        return this.orderReleased(event as OrderReleasedV1, eventId);
      case 'OrderCancelled':
        return this.orderCancelled(event as OrderCancelledV1, eventId);
      case 'ShipmentPlanned':
        this.shipments.planned(event as ShipmentPlannedV1);
        return [];
      case 'TenderAccepted':
        this.shipments.tenderAccepted(event as TenderAcceptedV1);
        return [];
      case 'TenderWithdrawn':
        this.shipments.tenderWithdrawn(event as TenderWithdrawnV1);
        return [];
      default:
        throw new Error(`the warehouse does not apply ${String(eventType)}`);
    }
  }

  /** What the set changed, for one write per table. */
  changes() {
    return {
      stockRead: this.stockRead,
      stock: this.book,
      orders: [...this.changedOrders.values()],
      exceptions: [...this.changedExceptions.values()],
      shipments: this.shipments.changed(),
    };
  }

  /**
   * OrderReleased: the whole order from one warehouse (its region first), or a shortage: the
   * order joins the back-order queue, AllocationFailed and a STOCK_SHORTAGE exception go out.
   */
  private orderReleased(e: OrderReleasedV1, eventId: string): OutboxEntry[] {
    // A second OrderReleased of the same order (another eventId) changes nothing.
    if (this.orders.has(orderKey(e.orderId))) return [];
    const now = new Date();
    const order = releasedOrder(e, now);
    const { book, outcome } = allocateOrder(this.book, this.rows.warehouses, toAllocate(order));
    if (outcome.kind === 'ALLOCATED') {
      const allocated: WarehouseOrder = {
        ...order,
        allocationId: allocationIdFor(order.orderId),
        work: startFloorWork(outcome.allocation),
      };
      this.book = book;
      this.keepOrder(allocated);
      return [inventoryAllocated(allocated, eventId)];
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
    this.keepOrder(backordered);
    const unknown = [...new Set(order.lines.map((l) => l.sku))]
      .filter((sku) => this.rows.unknownSkus.has(sku))
      .sort();
    const short = outcome.shortLines
      .map((l) => `${l.sku} ${l.quantityAvailable}/${l.quantityRequested}`)
      .join(', ');
    const details = `no single warehouse can fill the order (${short})${unknown.length ? `; unknown SKUs ${unknown.join(', ')}` : ''}; back-ordered`;
    const raised = this.exceptions.raised(
      backordered,
      'STOCK_SHORTAGE',
      details,
      eventId,
      shortageExceptionId(eventId, order.orderId),
    );
    this.openOf(orderKey(order.orderId)).push(raised.row);
    this.changedExceptions.set(raised.row.id, raised.row);
    return [allocationFailed(backordered, outcome, unknown, eventId), raised.entry];
  }

  /**
   * OrderCancelled before loading (compensation): the allocation is released
   * (AllocationReleased), open pick and pack work is cancelled and the order's exceptions are
   * resolved. After loading the goods are gone: nothing to undo. The freed units are available
   * at once; back-orders are retried by receipts only, because a retry pass needs the stock
   * gate exclusively and a set already holding it shared would deadlock upgrading it.
   */
  private orderCancelled(e: OrderCancelledV1, eventId: string): OutboxEntry[] {
    // OrderReleased precedes OrderCancelled on the order's partition: unknown = never released.
    const order = this.orders.get(orderKey(e.orderId));
    if (!order) return [];
    const status = statusOf(order);
    if (status === 'CANCELLED' || status === 'LOADED') return [];
    const entries: OutboxEntry[] = [];
    if (order.work) {
      const change = cancelOrderAndRelease(this.book, order.work, e.reason);
      const cancelled = { ...order, work: change.work };
      this.book = change.book;
      this.keepOrder(cancelled);
      entries.push(allocationReleased(cancelled, eventId));
    } else {
      this.keepOrder({ ...order, backorder: null, cancelReason: e.reason });
    }
    const resolution = `order cancelled: ${e.reason}`;
    for (const row of this.openOf(orderKey(order.orderId)).splice(0)) {
      const resolved = this.exceptions.resolved(order, row, resolution, eventId, producer);
      this.changedExceptions.set(row.id, resolved.row);
      entries.push(resolved.entry);
    }
    return entries;
  }

  private keepOrder(order: WarehouseOrder): void {
    this.orders.set(orderKey(order.orderId), order);
    this.changedOrders.set(orderKey(order.orderId), order);
  }

  private openOf(orderId: string): WarehouseExceptionEntity[] {
    let open = this.openExceptions.get(orderId);
    if (!open) this.openExceptions.set(orderId, (open = []));
    return open;
  }
}
