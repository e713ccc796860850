import { Inject, Injectable } from '@nestjs/common';
import { idempotent, type StoredResponse } from '@logisync/http-kit';
import { randomUUID } from 'node:crypto';
import { CustomerEntity } from '../../infrastructure/customer.entity';
import { UnitOfWork } from '../../infrastructure/unit-of-work';
import { customerView } from '../customer.view';

export interface CreateCustomerCommand {
  name: string;
  region: string;
  creditLimitMinor: number;
  currency: string;
}

/** Creates a customer; with an Idempotency-Key the same body gets the first response again. */
@Injectable()
export class CreateCustomerHandler {
  constructor(@Inject(UnitOfWork) private readonly uow: UnitOfWork) {}

  execute(command: CreateCustomerCommand, idempotencyKey?: string): Promise<StoredResponse> {
    return this.uow.run((tx) =>
      idempotent(tx, 'POST /v1/customers', idempotencyKey, command, async () => {
        const customer = await tx.save(tx.create(CustomerEntity, { id: randomUUID(), ...command }));
        return { status: 201, body: customerView(customer) };
      }),
    );
  }
}
