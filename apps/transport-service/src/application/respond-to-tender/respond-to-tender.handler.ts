import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import {
  acceptTender,
  rejectTender,
  type PickupWindow,
  type ShipmentTransition,
  type TenderRejection,
} from '../../domain';
import { TypeOrmCarrierRepository } from '../../infrastructure/carrier.repository';
import { TypeOrmShipmentRepository } from '../../infrastructure/shipment.repository';
import { UnitOfWork } from '../../infrastructure/unit-of-work';
import { verifyCarrierSignature, type CarrierSignature } from '../carrier-signature';
import { CLOCK, type Clock } from '../clock';
import { ShipmentChanges } from '../shipment-changes';
import { toShipmentView } from '../shipment.view';

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
 * carrier (CarrierTendered), or ExceptionRaised when none is left.
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
    return this.uow.run(async (tx) => {
      const row = await this.shipments.getByTender(tx, tenderId);
      const tender = row.state.tenders.find((t) => t.tenderId === tenderId)!;
      const now = this.clock.now();
      verifyCarrierSignature(await this.carriers.get(tx, tender.carrierId), signed, now);
      const transition = this.answer(row.state, tenderId, command, now);
      await this.changes.save(tx, row, transition, null, now);
      return toShipmentView(row);
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
