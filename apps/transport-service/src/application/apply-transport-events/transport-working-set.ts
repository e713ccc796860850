import type { OutboxEntry } from '@logisync/event-runtime';
import type { Lane, ShipmentTransition } from '../../domain';
import type {
  OrderDestinationEntity,
  ShipmentEntity,
} from '../../infrastructure/shipment.entities';
import { applyTransition } from '../shipment-changes';

/** A route as the lanes are looked up: the origin region and the country, upper case. */
export function routeKey(originRegion: string, destinationCountry: string): string {
  return `${originRegion}\u0000${destinationCountry.toUpperCase()}`;
}

/**
 * What a consumed set reads and changes, in memory: the orders' destinations and shipments as
 * loaded (locked) at the start, every change the set's events make to them in set order, and
 * the events to publish. Each event sees what the ones before it left, as it would have seen
 * in the tables; the tables are written once, after the last event.
 */
export class TransportWorkingSet {
  private readonly destinations: Map<string, OrderDestinationEntity>;
  private readonly changedDestinations = new Set<string>();
  /** By order id: one shipment per order. */
  private readonly shipments: Map<string, ShipmentEntity>;
  private readonly plannedOrders = new Set<string>();
  private readonly changedOrders = new Set<string>();
  readonly outbox: OutboxEntry[] = [];

  constructor(
    destinations: readonly OrderDestinationEntity[],
    shipments: readonly ShipmentEntity[],
    private readonly lanes: ReadonlyMap<string, Lane[]>,
  ) {
    this.destinations = new Map(destinations.map((d) => [d.orderId, d]));
    this.shipments = new Map(shipments.map((s) => [s.orderId, s]));
  }

  destinationOf(orderId: string): OrderDestinationEntity | null {
    return this.destinations.get(orderId) ?? null;
  }

  /** The first release of an order is kept; a replayed one changes nothing. */
  release(destination: OrderDestinationEntity): void {
    if (this.destinations.has(destination.orderId)) return;
    this.destinations.set(destination.orderId, destination);
    this.changedDestinations.add(destination.orderId);
  }

  /** Marks a released order cancelled, once; an order not released yet is not marked. */
  cancel(orderId: string, reason: string, at: Date): void {
    const destination = this.destinations.get(orderId);
    if (!destination || destination.cancelledAt) return;
    destination.cancelledAt = at;
    destination.cancelReason = reason;
    this.changedDestinations.add(orderId);
  }

  shipmentOfOrder(orderId: string): ShipmentEntity | null {
    return this.shipments.get(orderId) ?? null;
  }

  /** The shipment whose accepted tender has this tracking number now. */
  shipmentTracked(trackingNumber: string): ShipmentEntity | null {
    for (const row of this.shipments.values()) {
      if (row.trackingNumber === trackingNumber) return row;
    }
    return null;
  }

  /** The lanes of a route loaded for the set; a route nobody asked for is a bug, not "no lane". */
  lanesFor(originRegion: string, destinationCountry: string): Lane[] {
    const lanes = this.lanes.get(routeKey(originRegion, destinationCountry));
    if (!lanes)
      throw new Error(`the lanes ${originRegion} -> ${destinationCountry} were not loaded`);
    return lanes;
  }

  /** A shipment planned now, with the events of its planning. */
  plan(row: ShipmentEntity, entries: readonly OutboxEntry[]): void {
    this.shipments.set(row.orderId, row);
    this.plannedOrders.add(row.orderId);
    this.outbox.push(...entries);
  }

  /** The row takes the transition (a new version each time, as a save did) and its events. */
  change(
    row: ShipmentEntity,
    transition: ShipmentTransition,
    causationId: string | null,
    now: number,
    traceparent: string | undefined,
  ): void {
    const entries = applyTransition(row, transition, causationId, now);
    this.changedOrders.add(row.orderId);
    this.outbox.push(...entries.map((entry) => ({ ...entry, traceparent })));
  }

  destinationsToWrite(): OrderDestinationEntity[] {
    return [...this.changedDestinations].map((orderId) => this.destinations.get(orderId)!);
  }

  shipmentsToWrite(): { row: ShipmentEntity; isNew: boolean }[] {
    return [...new Set([...this.plannedOrders, ...this.changedOrders])].map((orderId) => ({
      row: this.shipments.get(orderId)!,
      isNew: this.plannedOrders.has(orderId),
    }));
  }
}
