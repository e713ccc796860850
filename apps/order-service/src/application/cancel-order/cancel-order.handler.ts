import { Inject, Injectable } from '@nestjs/common';
import { OutboxWriter } from '@logisync/event-runtime';
import { idempotent } from '@logisync/http-kit';
import { TypeOrmOrderRepository } from '../../infrastructure/order.repository';
import { UnitOfWork } from '../../infrastructure/unit-of-work';
import { toOutboxEntries } from '../order-event.factory';
import { toOrderView, type OrderView } from '../order.view';

/**
 * CANCELLED and OrderCancelled (warehouse and transport compensate), until loading. With an
 * Idempotency-Key, a retry whose first attempt took effect gets that answer again.
 */
@Injectable()
export class CancelOrderHandler {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(TypeOrmOrderRepository) private readonly orders: TypeOrmOrderRepository,
    @Inject(OutboxWriter) private readonly outbox: OutboxWriter,
  ) {}

  execute(
    orderId: string,
    reason: string,
    by: string,
    idempotencyKey?: string,
  ): Promise<OrderView> {
    return this.uow.run(async (tx) => {
      const response = await idempotent(
        tx,
        'POST /v1/orders/:id/cancel',
        idempotencyKey,
        { orderId, reason },
        async () => {
          const order = await this.orders.getForUpdate(tx, orderId);
          const now = new Date();
          const events = order.cancel(reason, by, now);
          await this.orders.update(tx, order, now);
          await this.outbox.addAll(tx, toOutboxEntries(order, events, null));
          return { status: 200, body: toOrderView(order) };
        },
      );
      return response.body as OrderView;
    });
  }
}
