import type {
  OrderCancelledV1,
  OrderReleasedV1,
  ShipmentPlannedV1,
  TenderAcceptedV1,
  TenderWithdrawnV1,
} from '@logisync/canonical-events';
import type { OutboxEntry } from '@logisync/event-runtime';
import { randomUUID } from 'node:crypto';
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
import { uuidKey } from '../../infrastructure/uuid-key';
import {
  allocationFailed,
  allocationReleased,
  inventoryAllocated,
  producer,
} from '../warehouse-event.factory';
import type { WarehouseExceptions } from '../warehouse-exceptions';

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

/**
 * An order's key in the set, as its uuid column compares it. An id that is no uuid fails the
 * event as the database would (an unknown failure, dead-lettered after a few attempts), and
 * before any write.
 */
function orderKey(orderId: string): string {
  const key = uuidKey(orderId);
  if (key === null) {
    throw Object.assign(new Error(`invalid input syntax for type uuid: "${orderId}"`), {
      code: '22P02',
    });
  }
  return key;
}

/** A new shipment row's order id goes to a uuid column too. */
const assertOrderId = (orderId: string): void => void orderKey(orderId);

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

function plannedShipment(orderId: string, shipmentId: string): ShipmentEntity {
  return {
    shipmentId,
    orderId,
    status: 'PLANNED',
    carrierId: null,
    trackingNumber: null,
    pickupStartAt: null,
    pickupEndAt: null,
    updatedAt: new Date(),
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
  private readonly shipments: Map<string, ShipmentEntity>;
  private readonly changedOrders = new Map<string, WarehouseOrder>();
  private readonly changedExceptions = new Map<string, WarehouseExceptionEntity>();
  private readonly changedShipments = new Map<string, ShipmentEntity>();

  constructor(
    private readonly rows: WarehouseSetRows,
    private readonly exceptions: WarehouseExceptions,
  ) {
    this.orders = new Map(rows.orders.map((o) => [orderKey(o.orderId), o]));
    this.book = this.stockRead = rows.stock;
    for (const row of rows.openExceptions) this.openOf(orderKey(row.orderId)).push(row);
    this.shipments = new Map(rows.shipments.map((s) => [s.shipmentId, s]));
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
        this.shipmentPlanned(event as ShipmentPlannedV1);
        return [];
      case 'TenderAccepted':
        this.tenderAccepted(event as TenderAcceptedV1);
        return [];
      case 'TenderWithdrawn':
        this.tenderWithdrawn(event as TenderWithdrawnV1);
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
      shipments: [...this.changedShipments.values()],
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
        allocationId: randomUUID(),
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
    const raised = this.exceptions.raised(backordered, 'STOCK_SHORTAGE', details, eventId);
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

  /**
   * What transport tells the dock: a shipment exists (ShipmentPlanned), a carrier accepted it
   * with a pickup window (TenderAccepted: ready to load), or the tender was withdrawn. A loaded
   * shipment never changes again; events about it after loading are history.
   */
  private shipmentPlanned(e: ShipmentPlannedV1): void {
    if (this.shipments.has(e.shipmentId)) return;
    assertOrderId(e.orderId);
    this.keepShipment(plannedShipment(e.orderId, e.shipmentId));
  }

  private tenderAccepted(e: TenderAcceptedV1): void {
    const known = this.shipments.get(e.shipmentId);
    if (!known) assertOrderId(e.orderId);
    const current = known ?? plannedShipment(e.orderId, e.shipmentId);
    if (current.status === 'LOADED') return;
    this.keepShipment({
      ...current,
      status: 'TENDER_ACCEPTED',
      carrierId: e.carrierId,
      trackingNumber: e.trackingNumber,
      pickupStartAt: e.pickupWindow.startAt,
      pickupEndAt: e.pickupWindow.endAt,
    });
  }

  private tenderWithdrawn(e: TenderWithdrawnV1): void {
    const current = this.shipments.get(e.shipmentId);
    if (!current || current.status === 'LOADED') return;
    // A withdrawal of another carrier's tender leaves an accepted one standing.
    if (current.status === 'TENDER_ACCEPTED' && current.carrierId !== e.carrierId) return;
    this.keepShipment({ ...current, status: 'WITHDRAWN' });
  }

  private keepOrder(order: WarehouseOrder): void {
    this.orders.set(orderKey(order.orderId), order);
    this.changedOrders.set(orderKey(order.orderId), order);
  }

  private keepShipment(shipment: ShipmentEntity): void {
    const saved = { ...shipment, updatedAt: new Date() };
    this.shipments.set(saved.shipmentId, saved);
    this.changedShipments.set(saved.shipmentId, saved);
  }

  private openOf(orderId: string): WarehouseExceptionEntity[] {
    let open = this.openExceptions.get(orderId);
    if (!open) this.openExceptions.set(orderId, (open = []));
    return open;
  }
}
