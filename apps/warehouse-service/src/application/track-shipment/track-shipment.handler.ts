import { Inject, Injectable } from '@nestjs/common';
import type {
  ShipmentPlannedV1,
  TenderAcceptedV1,
  TenderWithdrawnV1,
} from '@logisync/canonical-events';
import type { EntityManager } from 'typeorm';
import { TypeOrmShipmentRepository } from '../../infrastructure/shipment.repository';
import type { ShipmentEntity } from '../../infrastructure/warehouse-order.entities';

function planned(orderId: string, shipmentId: string): ShipmentEntity {
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
 * What transport tells the dock: a shipment exists (ShipmentPlanned), a carrier accepted it
 * with a pickup window (TenderAccepted: ready to load), or the tender was withdrawn. A loaded
 * shipment never changes again; events about it after loading are history.
 */
@Injectable()
export class TrackShipmentHandler {
  constructor(
    @Inject(TypeOrmShipmentRepository) private readonly shipments: TypeOrmShipmentRepository,
  ) {}

  async planned(tx: EntityManager, e: ShipmentPlannedV1): Promise<void> {
    if (await this.shipments.find(tx, e.shipmentId, true)) return;
    await this.shipments.save(tx, planned(e.orderId, e.shipmentId));
  }

  async tenderAccepted(tx: EntityManager, e: TenderAcceptedV1): Promise<void> {
    const current =
      (await this.shipments.find(tx, e.shipmentId, true)) ?? planned(e.orderId, e.shipmentId);
    if (current.status === 'LOADED') return;
    await this.shipments.save(tx, {
      ...current,
      status: 'TENDER_ACCEPTED',
      carrierId: e.carrierId,
      trackingNumber: e.trackingNumber,
      pickupStartAt: e.pickupWindow.startAt,
      pickupEndAt: e.pickupWindow.endAt,
    });
  }

  async tenderWithdrawn(tx: EntityManager, e: TenderWithdrawnV1): Promise<void> {
    const current = await this.shipments.find(tx, e.shipmentId, true);
    if (!current || current.status === 'LOADED') return;
    // A withdrawal of another carrier's tender leaves an accepted one standing.
    if (current.status === 'TENDER_ACCEPTED' && current.carrierId !== e.carrierId) return;
    await this.shipments.save(tx, { ...current, status: 'WITHDRAWN' });
  }
}
