import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import {
  assignCarrierManually,
  quoteFreight,
  type FreightQuote,
  type PickupWindow,
} from '../../domain';
import { TypeOrmCarrierRepository } from '../../infrastructure/carrier.repository';
import { TypeOrmShipmentRepository } from '../../infrastructure/shipment.repository';
import { UnitOfWork } from '../../infrastructure/unit-of-work';
import { CLOCK, type Clock } from '../clock';
import { ShipmentChanges } from '../shipment-changes';
import { toShipmentView } from '../shipment.view';
import { TransportAppError } from '../transport-app.errors';

export interface AssignCarrierCommand {
  carrierId: string;
  trackingNumber?: string;
  pickupWindow?: PickupWindow;
  /** The agreed freight when the carrier has no lane for the route. */
  freight?: FreightQuote;
}

/**
 * The operator's resolution when no carrier accepted (ON_HOLD): TenderAccepted for the
 * assigned carrier and ExceptionResolved. The freight is the carrier's lane quote for the
 * route, or the amount agreed and given in the request.
 */
@Injectable()
export class AssignCarrierHandler {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(TypeOrmShipmentRepository) private readonly shipments: TypeOrmShipmentRepository,
    @Inject(TypeOrmCarrierRepository) private readonly carriers: TypeOrmCarrierRepository,
    @Inject(ShipmentChanges) private readonly changes: ShipmentChanges,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(shipmentId: string, command: AssignCarrierCommand) {
    return this.uow.run(async (tx) => {
      const row = await this.shipments.get(tx, shipmentId, true);
      if (row.state.status !== 'ON_HOLD') {
        throw new TransportAppError(
          409,
          'SHIPMENT.INVALID_STATE',
          `a carrier is assigned by hand only to a shipment ON_HOLD`,
          { currentStatus: row.state.status },
        );
      }
      if (!(await this.carriers.find(tx, command.carrierId))) {
        throw new TransportAppError(
          422,
          'SHIPMENT.UNKNOWN_CARRIER',
          `carrier ${command.carrierId} is not known`,
          { carrierId: command.carrierId },
        );
      }
      const quote = command.freight ?? (await this.laneQuote(tx, row.state.route, command));
      const now = this.clock.now();
      const transition = assignCarrierManually(
        row.state,
        {
          carrierId: command.carrierId,
          trackingNumber:
            command.trackingNumber ?? `TRK-${randomBytes(5).toString('hex').toUpperCase()}`,
          pickupWindow: command.pickupWindow ?? { startAt: now, endAt: now + 4 * 3600_000 },
          quote,
        },
        now,
      );
      await this.changes.save(tx, row, transition, null, now);
      return toShipmentView(row);
    });
  }

  private async laneQuote(
    tx: Parameters<Parameters<UnitOfWork['run']>[0]>[0],
    route: { originRegion: string; destinationCountry: string; totalWeightGrams: number },
    command: AssignCarrierCommand,
  ): Promise<FreightQuote> {
    const lanes = await this.carriers.lanesFor(tx, route.originRegion, route.destinationCountry);
    const lane = lanes
      .filter((l) => l.carrierId === command.carrierId)
      .sort((a, b) => a.priority - b.priority)[0];
    if (!lane) {
      throw new TransportAppError(
        422,
        'SHIPMENT.NO_LANE_FOR_CARRIER',
        `carrier ${command.carrierId} has no lane ${route.originRegion} -> ${route.destinationCountry}; give the agreed freight`,
        { carrierId: command.carrierId, ...route },
      );
    }
    return quoteFreight(route.totalWeightGrams, lane);
  }
}
