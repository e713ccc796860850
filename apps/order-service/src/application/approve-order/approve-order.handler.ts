import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboxWriter } from '@logisync/event-runtime';
import { idempotent } from '@logisync/http-kit';
import { checkCredit } from '../../domain/credit-check';
import { NotFoundError } from '../../domain/order.errors';
import { TypeOrmCustomerRepository } from '../../infrastructure/customer.repository';
import { TypeOrmOrderRepository } from '../../infrastructure/order.repository';
import { UnitOfWork } from '../../infrastructure/unit-of-work';
import { toOutboxEntries } from '../order-event.factory';
import { toOrderView, type OrderView } from '../order.view';

/**
 * Credit check, then RELEASED and OrderReleased with the full order, in one transaction. With an
 * Idempotency-Key, a retry whose first attempt took effect (its answer lost) gets that answer
 * again instead of a 409 for an order that is no longer a DRAFT.
 */
@Injectable()
export class ApproveOrderHandler {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(TypeOrmOrderRepository) private readonly orders: TypeOrmOrderRepository,
    @Inject(TypeOrmCustomerRepository) private readonly customers: TypeOrmCustomerRepository,
    @Inject(OutboxWriter) private readonly outbox: OutboxWriter,
  ) {}

  execute(orderId: string, idempotencyKey?: string): Promise<OrderView> {
    return this.uow.run(async (tx) => {
      const response = await idempotent(
        tx,
        'POST /v1/orders/:id/approve',
        idempotencyKey,
        { orderId },
        async () => ({ status: 200, body: await this.approve(tx, orderId) }),
      );
      return response.body as OrderView;
    });
  }

  private async approve(tx: EntityManager, orderId: string): Promise<OrderView> {
    const peek = await this.orders.find(tx, orderId);
    if (!peek) throw new NotFoundError('ORDER', orderId);
    // The customer row is locked before the order row, as in every approval: no deadlock.
    const position = await this.customers.creditPosition(tx, peek.snapshot().customerId);
    const order = await this.orders.getForUpdate(tx, orderId);
    const events = order.release();
    const { totalMinor, currency } = order.snapshot();
    checkCredit(position, totalMinor, currency);
    await this.orders.update(tx, order, new Date());
    await this.outbox.addAll(tx, toOutboxEntries(order, events, null));
    return toOrderView(order);
  }
}
