import { Inject, Injectable } from '@nestjs/common';
import { CommandRead, CommandWrite, STALE, untilWritten } from '@logisync/http-kit';
import { acceptedTenderOf, recordMilestone, type CarrierMilestoneReport } from '../../domain';
import type { CarrierEntity } from '../../infrastructure/carrier.entities';
import { TypeOrmCarrierRepository } from '../../infrastructure/carrier.repository';
import { TypeOrmShipmentRepository } from '../../infrastructure/shipment.repository';
import { UnitOfWork } from '../../infrastructure/unit-of-work';
import { verifyCarrierSignature, type CarrierSignature } from '../carrier-signature';
import { CLOCK, type Clock } from '../clock';
import { ShipmentChanges } from '../shipment-changes';
import { toShipmentView } from '../shipment.view';
import { notFound } from '../transport-app.errors';

/**
 * A carrier milestone from the signed webhook (a carrier platform's on carrier.events.v1 is
 * applied with the rest of a consumed set, in apply-transport-events). The domain decides: a
 * repeated carrierEventId is a no-op, only ACTUAL moves the status and never backwards, an
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
}
