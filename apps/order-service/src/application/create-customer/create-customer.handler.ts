import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CustomerEntity } from '../../infrastructure/customer.entity';
import { UnitOfWork } from '../../infrastructure/unit-of-work';

export interface CreateCustomerCommand {
  name: string;
  region: string;
  creditLimitMinor: number;
  currency: string;
}

@Injectable()
export class CreateCustomerHandler {
  constructor(@Inject(UnitOfWork) private readonly uow: UnitOfWork) {}

  execute(command: CreateCustomerCommand): Promise<CustomerEntity> {
    return this.uow.run(async (tx) => {
      const customer = tx.create(CustomerEntity, { id: randomUUID(), ...command });
      return tx.save(customer);
    });
  }
}
