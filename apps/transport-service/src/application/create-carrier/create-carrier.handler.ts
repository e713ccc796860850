import { Inject, Injectable } from '@nestjs/common';
import {
  claimIdempotencyKey,
  requestHash,
  storeIdempotentResponse,
  type StoredResponse,
} from '@logisync/http-kit';
import { CarrierEntity } from '../../infrastructure/carrier.entities';
import { TypeOrmCarrierRepository } from '../../infrastructure/carrier.repository';
import { UnitOfWork } from '../../infrastructure/unit-of-work';
import { TransportAppError } from '../transport-app.errors';

export interface CreateCarrierCommand {
  id: string;
  name: string;
  modes: string[];
  webhookSecret: string;
}

const scope = 'POST /v1/carriers';

/** The secret is write-only: responses say whether one is set, never what it is. */
export function toCarrierView(c: CarrierEntity) {
  return { id: c.id, name: c.name, modes: c.modes, webhookSecretSet: Boolean(c.webhookSecret) };
}

@Injectable()
export class CreateCarrierHandler {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(TypeOrmCarrierRepository) private readonly carriers: TypeOrmCarrierRepository,
  ) {}

  execute(command: CreateCarrierCommand, idempotencyKey?: string): Promise<StoredResponse> {
    return this.uow.run(async (tx) => {
      if (idempotencyKey) {
        const stored = await claimIdempotencyKey(tx, scope, idempotencyKey, requestHash(command));
        if (stored) return stored;
      }
      const existing = await this.carriers.find(tx, command.id);
      if (existing) {
        throw new TransportAppError(
          409,
          'CARRIER.ALREADY_EXISTS',
          `carrier ${command.id} exists already`,
          { current: toCarrierView(existing) },
        );
      }
      const carrier = await tx.save(tx.create(CarrierEntity, command));
      const response = { status: 201, body: toCarrierView(carrier) };
      if (idempotencyKey) await storeIdempotentResponse(tx, scope, idempotencyKey, response);
      return response;
    });
  }
}
