import { Inject, Injectable } from '@nestjs/common';
import {
  CommandRead,
  CommandWrite,
  IdempotencyClaim,
  STALE,
  untilWritten,
  type FoundKey,
  type StoredResponse,
} from '@logisync/http-kit';
import { randomUUID } from 'node:crypto';
import { checkCurrency } from '../../domain/credit-check';
import { Order } from '../../domain/order';
import { NotFoundError } from '../../domain/order.errors';
import type { NewOrder } from '../../domain/order.types';
import { TypeOrmCustomerRepository } from '../../infrastructure/customer.repository';
import { TypeOrmOrderRepository } from '../../infrastructure/order.repository';
import { UnitOfWork } from '../../infrastructure/unit-of-work';
import { toOrderView } from '../order.view';

export type CreateOrderCommand = Omit<NewOrder, 'id' | 'createdAt'>;

const endpoint = 'POST /v1/orders';

/**
 * Creates a DRAFT; with an Idempotency-Key the same body gets the first response again. Two
 * round trips: the customer and the key in one read, the order, its lines and the key with its
 * answer in one write.
 */
@Injectable()
export class CreateOrderHandler {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(TypeOrmOrderRepository) private readonly orders: TypeOrmOrderRepository,
    @Inject(TypeOrmCustomerRepository) private readonly customers: TypeOrmCustomerRepository,
  ) {}

  execute(command: CreateOrderCommand, idempotencyKey?: string): Promise<StoredResponse> {
    const claim = idempotencyKey ? new IdempotencyClaim(endpoint, idempotencyKey, command) : null;
    const db = this.uow.statements;
    return untilWritten(async () => {
      const read = new CommandRead().add('currency', (p) =>
        this.customers.currencySql(p, command.customerId),
      );
      if (claim) read.add('key', (p) => claim.selectSql(p));
      const found = await read.run<{ currency: string | null; key?: FoundKey | null }>(db);
      const stored = claim?.storedResponse(found.key ?? null);
      if (stored) return stored;
      if (found.currency === null) throw new NotFoundError('CUSTOMER', command.customerId);
      const now = new Date();
      const order = Order.create({ ...command, id: randomUUID(), createdAt: now });
      checkCurrency(found.currency, order.snapshot().currency);
      const response = { status: 201, body: toOrderView(order) };
      await claim?.forgetExpired(db, found.key);
      const write = new CommandWrite();
      write.with(...this.orders.insertSql(write.params, order, now));
      if (claim) write.with(...claim.insertSql(write.params, response));
      return (await write.run(db, 'true')) ? response : STALE;
    });
  }
}
