import { Inject, Injectable } from '@nestjs/common';
import { CommandRead, CommandWrite, STALE, untilWritten } from '@logisync/http-kit';
import { randomBytes } from 'node:crypto';
import {
  acceptTender,
  rejectTender,
  type PickupWindow,
  type ShipmentTransition,
  type TenderRejection,
} from '../../domain';
import type { CarrierEntity } from '../../infrastructure/carrier.entities';
import { TypeOrmCarrierRepository } from '../../infrastructure/carrier.repository';
import { TypeOrmShipmentRepository } from '../../infrastructure/shipment.repository';
import { UnitOfWork } from '../../infrastructure/unit-of-work';
import { verifyCarrierSignature, type CarrierSignature } from '../carrier-signature';
import { CLOCK, type Clock } from '../clock';
import { ShipmentChanges } from '../shipment-changes';
import { toShipmentView } from '../shipment.view';
import { notFound } from '../transport-app.errors';

export interface TenderResponseCommand {
  decision: 'ACCEPT' | 'REJECT';
  reason?: string;
  detail?: string;
  pickupWindow?: PickupWindow;
  trackingNumber?: string;
}

const rejectionReasons = ['NO_CAPACITY', 'LANE_NOT_SERVED', 'RATE_DECLINED', 'OTHER'];

/**
 * The carrier's answer, signed with the webhookSecret of the carrier the tender went to.
 * ACCEPT: TenderAccepted. REJECT: TenderRejected and the automatic re-tender to the next
 * carrier (CarrierTendered), or ExceptionRaised when none is left. Two round trips: the
 * shipment and its carriers in one read; the shipment and its events in one write that changes
 * nothing when the shipment changed since the read (then it reads again).
 */
@Injectable()
export class RespondToTenderHandler {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(TypeOrmShipmentRepository) private readonly shipments: TypeOrmShipmentRepository,
    @Inject(TypeOrmCarrierRepository) private readonly carriers: TypeOrmCarrierRepository,
    @Inject(ShipmentChanges) private readonly changes: ShipmentChanges,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(tenderId: string, command: TenderResponseCommand, signed: CarrierSignature) {
    const db = this.uow.statements;
    const shipmentId = this.shipments.shipmentIdOfTender(tenderId);
    if (!shipmentId) throw notFound('TENDER', tenderId);
    return untilWritten(async () => {
      const found = await new CommandRead()
        .add('shipment', (p) => this.shipments.documentSql(p, { id: shipmentId }))
        .add('carriers', (p) =>
          this.carriers.tenderedSql(this.shipments.whereSql(p, { id: shipmentId })),
        )
        .run<{ shipment: unknown; carriers: CarrierEntity[] }>(db);
      const row = this.shipments.restore(found.shipment);
      const tender = row?.state.tenders.find((t) => t.tenderId === tenderId);
      if (!row || !tender) throw notFound('TENDER', tenderId);
      const now = this.clock.now();
      const carrier = found.carriers.find((c) => c.id === tender.carrierId);
      if (!carrier) throw notFound('CARRIER', tender.carrierId);
      verifyCarrierSignature(carrier, signed, now);
      const transition = this.answer(row.state, tenderId, command, now);
      const write = new CommandWrite();
      write.with(...(await this.changes.saveSql(write.params, row, transition, now)));
      const applied = await write.run(db, 'EXISTS (SELECT FROM shipment_written)');
      return applied ? toShipmentView(row) : STALE;
    });
  }

  private answer(
    shipment: ShipmentTransition['shipment'],
    tenderId: string,
    command: TenderResponseCommand,
    now: number,
  ): ShipmentTransition {
    if (command.decision === 'ACCEPT') {
      const trackingNumber =
        command.trackingNumber ?? `TRK-${randomBytes(5).toString('hex').toUpperCase()}`;
      const pickupWindow = command.pickupWindow ?? { startAt: now, endAt: now + 4 * 3600_000 };
      return acceptTender(shipment, { tenderId, trackingNumber, pickupWindow }, now);
    }
    const known = command.reason && rejectionReasons.includes(command.reason);
    const rejection: TenderRejection = {
      tenderId,
      reason: (known ? command.reason : 'OTHER') as TenderRejection['reason'],
      detail: command.detail ?? (known ? null : (command.reason ?? null)),
    };
    return rejectTender(shipment, rejection, now);
  }
}
