import { Inject, Injectable } from '@nestjs/common';
import {
  claimIdempotencyKey,
  requestHash,
  storeIdempotentResponse,
  type StoredResponse,
} from '@logisync/http-kit';
import { randomUUID } from 'node:crypto';
import { checkCurrency } from '../../domain/credit-check';
import { Order } from '../../domain/order';
import type { NewOrder } from '../../domain/order.types';
import { TypeOrmCustomerRepository } from '../../infrastructure/customer.repository';
import { TypeOrmOrderRepository } from '../../infrastructure/order.repository';
import { UnitOfWork } from '../../infrastructure/unit-of-work';
import { toOrderView } from '../order.view';

export type CreateOrderCommand = Omit<NewOrder, 'id' | 'createdAt'>;

const scope = 'POST /v1/orders';

/** Creates a DRAFT; with an Idempotency-Key the same body gets the first response again. */
@Injectable()
export class CreateOrderHandler {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(TypeOrmOrderRepository) private readonly orders: TypeOrmOrderRepository,
    @Inject(TypeOrmCustomerRepository) private readonly customers: TypeOrmCustomerRepository,
  ) {}

  execute(command: CreateOrderCommand, idempotencyKey?: string): Promise<StoredResponse> {
    return this.uow.run(async (tx) => {
      if (idempotencyKey) {
        const stored = await claimIdempotencyKey(tx, scope, idempotencyKey, requestHash(command));
        if (stored) return stored;
      }
      const customer = await this.customers.get(tx, command.customerId);
      const now = new Date();
      const order = Order.create({ ...command, id: randomUUID(), createdAt: now });
      checkCurrency(customer.currency, order.snapshot().currency);
      await this.orders.insert(tx, order, now);
      const response = { status: 201, body: toOrderView(order) };
      if (idempotencyKey) await storeIdempotentResponse(tx, scope, idempotencyKey, response);
      return response;
    });
  }
}
