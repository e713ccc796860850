import { Inject, Injectable } from '@nestjs/common';
import { CommandRead, CommandWrite, STALE, untilWritten } from '@logisync/http-kit';
import type { EntityManager } from 'typeorm';
import {
  acceptedTenderOf,
  recordMilestone,
  type CarrierMilestoneReport,
  type MilestoneOutcome,
  type Shipment,
} from '../../domain';
import type { CarrierEntity } from '../../infrastructure/carrier.entities';
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

  /**
   * The webhook: the carrier of the shipment must have signed it. Two round trips: the
   * shipment and its carriers in one read; the shipment and its events in one write that
   * changes nothing when the shipment changed since the read (then it reads again).
   */
  fromWebhook(trackingNumber: string, report: CarrierMilestoneReport, signed: CarrierSignature) {
    const db = this.uow.statements;
    return untilWritten(async () => {
      const found = await new CommandRead()
        .add('shipment', (p) => this.shipments.documentSql(p, { trackingNumber }))
        .add('carriers', (p) =>
          this.carriers.tenderedSql(this.shipments.whereSql(p, { trackingNumber })),
        )
        .run<{ shipment: unknown; carriers: CarrierEntity[] }>(db);
      const row = this.shipments.restore(found.shipment);
      if (!row) throw notFound('TRACKING_NUMBER', trackingNumber);
      const carrierId = acceptedTenderOf(row.state)!.carrierId;
      const carrier = found.carriers.find((c) => c.id === carrierId);
      if (!carrier) throw notFound('CARRIER', carrierId);
      const now = this.clock.now();
      verifyCarrierSignature(carrier, signed, now);
      const transition = recordMilestone(row.state, report, now);
      const write = new CommandWrite();
      write.with(...(await this.changes.saveSql(write.params, row, transition, now)));
      const applied = await write.run(db, 'EXISTS (SELECT FROM shipment_written)');
      return applied ? { outcome: transition.outcome, shipment: toShipmentView(row) } : STALE;
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
