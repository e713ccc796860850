import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  acceptedTenderOf,
  recordMilestone,
  type CarrierMilestoneReport,
  type MilestoneOutcome,
  type Shipment,
} from '../../domain';
import { TypeOrmCarrierRepository } from '../../infrastructure/carrier.repository';
import type { ShipmentEntity } from '../../infrastructure/shipment.entities';
import { TypeOrmShipmentRepository } from '../../infrastructure/shipment.repository';
import { UnitOfWork } from '../../infrastructure/unit-of-work';
import { verifyCarrierSignature, type CarrierSignature } from '../carrier-signature';
import { CLOCK, type Clock } from '../clock';
import { ShipmentChanges } from '../shipment-changes';
import { toShipmentView } from '../shipment.view';
import { notFound, TransportAppError } from '../transport-app.errors';

/**
 * A carrier milestone, from the signed webhook or from carrier.events.v1. The domain decides:
 * a repeated carrierEventId is a no-op, only ACTUAL moves the status and never backwards, an
 * ACTUAL milestone before ShipmentLoaded waits in the shipment until loading applies it, a
 * retraction withdraws a report.
 */
@Injectable()
export class RecordCarrierMilestoneHandler {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(TypeOrmShipmentRepository) private readonly shipments: TypeOrmShipmentRepository,
    @Inject(TypeOrmCarrierRepository) private readonly carriers: TypeOrmCarrierRepository,
    @Inject(ShipmentChanges) private readonly changes: ShipmentChanges,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The webhook: the carrier of the shipment must have signed it. */
  fromWebhook(trackingNumber: string, report: CarrierMilestoneReport, signed: CarrierSignature) {
    return this.uow.run(async (tx) => {
      const row = await this.shipments.findByTrackingNumber(tx, trackingNumber, true);
      if (!row) throw notFound('TRACKING_NUMBER', trackingNumber);
      const carrierId = acceptedTenderOf(row.state)!.carrierId;
      const now = this.clock.now();
      verifyCarrierSignature(await this.carriers.get(tx, carrierId), signed, now);
      const outcome = await this.record(tx, row, report, null, now);
      return { outcome, shipment: toShipmentView(row) };
    });
  }

  /**
   * From a carrier platform on Kafka, in the consumer's transaction. Platforms retract by the
   * eventId of their earlier report (meta.retractsEventId): it is resolved to that report's
   * carrierEventId, which is what the shipment's milestones are keyed by.
   */
  async fromCarrierPlatform(
    tx: EntityManager,
    trackingNumber: string,
    carrierId: string,
    reported: CarrierMilestoneReport & { eventId: string },
  ): Promise<MilestoneOutcome> {
    const { eventId, ...report } = reported;
    const row = await this.shipments.findByTrackingNumber(tx, trackingNumber, true);
    if (!row) throw notFound('TRACKING_NUMBER', trackingNumber);
    const carrierOfShipment = acceptedTenderOf(row.state)!.carrierId;
    if (carrierOfShipment !== carrierId) {
      throw new TransportAppError(
        422,
        'TRANSPORT.WRONG_CARRIER',
        `${carrierId} reported on ${trackingNumber}, which ${carrierOfShipment} carries`,
        { carrierId, trackingNumber },
      );
    }
    const retracts = report.retractsEventId;
    row.reportsByEventId = { ...row.reportsByEventId, [eventId]: report.carrierEventId };
    const resolved = retracts ? (row.reportsByEventId[retracts] ?? retracts) : null;
    row.state = retractionsNamingThis(row.state, eventId, report.carrierEventId);
    return this.record(
      tx,
      row,
      { ...report, retractsEventId: resolved },
      eventId,
      this.clock.now(),
    );
  }

  private async record(
    tx: EntityManager,
    row: ShipmentEntity,
    report: CarrierMilestoneReport,
    causationId: string | null,
    now: number,
  ): Promise<MilestoneOutcome> {
    const transition = recordMilestone(row.state, report, now);
    await this.changes.save(tx, row, transition, causationId, now);
    return transition.outcome;
  }
}

/**
 * A retraction that arrived before the report it withdraws could only name that report's
 * eventId; now that the report is here, the retraction names its carrierEventId, so the
 * report is dead on arrival, as the domain's projection expects.
 */
function retractionsNamingThis(shipment: Shipment, eventId: string, carrierEventId: string) {
  if (!shipment.milestones.some((m) => m.retractsEventId === eventId)) return shipment;
  return {
    ...shipment,
    milestones: shipment.milestones.map((m) =>
      m.retractsEventId === eventId ? { ...m, retractsEventId: carrierEventId } : m,
    ),
  };
}
