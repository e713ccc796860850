import { Inject, Injectable } from '@nestjs/common';
import {
  claimIdempotencyKey,
  requestHash,
  storeIdempotentResponse,
  type StoredResponse,
} from '@logisync/http-kit';
import { randomUUID } from 'node:crypto';
import { assertValidLane, type Lane } from '../../domain';
import { LaneEntity } from '../../infrastructure/carrier.entities';
import { TypeOrmCarrierRepository } from '../../infrastructure/carrier.repository';
import { UnitOfWork } from '../../infrastructure/unit-of-work';
import { TransportAppError } from '../transport-app.errors';

const scope = 'POST /v1/lanes';

export function toLaneView(l: LaneEntity) {
  return {
    id: l.id,
    originRegion: l.originRegion,
    destinationCountry: l.destinationCountry,
    carrierId: l.carrierId,
    priority: l.priority,
    ratePerKg: l.ratePerKgMinor,
    currency: l.currency,
    transitDays: l.transitDays,
    tenderTimeoutSeconds: l.tenderTimeoutSeconds,
  };
}

/** A carrier's offer for a route; tender sequences of shipments planned later use it. */
@Injectable()
export class CreateLaneHandler {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(TypeOrmCarrierRepository) private readonly carriers: TypeOrmCarrierRepository,
  ) {}

  execute(lane: Lane, idempotencyKey?: string): Promise<StoredResponse> {
    return this.uow.run(async (tx) => {
      if (idempotencyKey) {
        const stored = await claimIdempotencyKey(tx, scope, idempotencyKey, requestHash(lane));
        if (stored) return stored;
      }
      if (!(await this.carriers.find(tx, lane.carrierId))) {
        throw new TransportAppError(
          422,
          'LANE.UNKNOWN_CARRIER',
          `carrier ${lane.carrierId} is not known; create it first`,
          { carrierId: lane.carrierId },
        );
      }
      const valid = assertValidLane({
        ...lane,
        destinationCountry: lane.destinationCountry.toUpperCase(),
      });
      const row = await tx.save(tx.create(LaneEntity, { id: randomUUID(), ...valid }));
      const response = { status: 201, body: toLaneView(row) };
      if (idempotencyKey) await storeIdempotentResponse(tx, scope, idempotencyKey, response);
      return response;
    });
  }
}
