import type {
  ShipmentPlannedV1,
  TenderAcceptedV1,
  TenderWithdrawnV1,
} from '@logisync/canonical-events';
import type { ShipmentEntity } from '../../infrastructure/warehouse-order.entities';
import { assertOrderId } from './order-key';

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
 * What transport tells the dock, for a set's shipments in memory: a shipment exists
 * (ShipmentPlanned), a carrier accepted it with a pickup window (TenderAccepted: ready to load),
 * or the tender was withdrawn. A loaded shipment never changes again; events about it after
 * loading are history.
 */
export class ShipmentSet {
  private readonly shipments: Map<string, ShipmentEntity>;
  private readonly changedShipments = new Map<string, ShipmentEntity>();

  constructor(read: readonly ShipmentEntity[]) {
    this.shipments = new Map(read.map((s) => [s.shipmentId, s]));
  }

  /** The shipments the set changed, as it left them. */
  changed(): ShipmentEntity[] {
    return [...this.changedShipments.values()];
  }

  planned(e: ShipmentPlannedV1): void {
    if (this.shipments.has(e.shipmentId)) return;
    assertOrderId(e.orderId);
    this.keepShipment(plannedShipment(e.orderId, e.shipmentId));
  }

  tenderAccepted(e: TenderAcceptedV1): void {
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

  tenderWithdrawn(e: TenderWithdrawnV1): void {
    const current = this.shipments.get(e.shipmentId);
    if (!current || current.status === 'LOADED') return;
    // A withdrawal of another carrier's tender leaves an accepted one standing.
    if (current.status === 'TENDER_ACCEPTED' && current.carrierId !== e.carrierId) return;
    this.keepShipment({ ...current, status: 'WITHDRAWN' });
  }

  private keepShipment(shipment: ShipmentEntity): void {
    const saved = { ...shipment, updatedAt: new Date() };
    this.shipments.set(saved.shipmentId, saved);
    this.changedShipments.set(saved.shipmentId, saved);
  }
}
