import { Inject, Injectable } from '@nestjs/common';
import { OutboxWriter } from '@logisync/event-runtime';
import {
  CommandRead,
  IdempotencyClaim,
  STALE,
  untilWritten,
  type FoundKey,
} from '@logisync/http-kit';
import { NotFoundError } from '../../domain/order.errors';
import { TypeOrmOrderRepository } from '../../infrastructure/order.repository';
import { UnitOfWork } from '../../infrastructure/unit-of-work';
import { writeOrderChange } from '../order-change.write';
import { toOrderView, type OrderView } from '../order.view';

const endpoint = 'POST /v1/orders/:id/cancel';

/**
 * CANCELLED and OrderCancelled (warehouse and transport compensate), until loading. With an
 * Idempotency-Key, a retry whose first attempt took effect gets that answer again. Two round
 * trips: the order and the key in one read; the order, the event and the key in one write
 * that changes nothing when a milestone changed the order since the read (then it reads again).
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
    const claim = idempotencyKey
      ? new IdempotencyClaim(endpoint, idempotencyKey, { orderId, reason })
      : null;
    const db = this.uow.statements;
    return untilWritten(async () => {
      const read = new CommandRead().add('order', (p) => this.orders.documentSql(p, orderId));
      if (claim) read.add('key', (p) => claim.selectSql(p));
      const found = await read.run<{ order: unknown; key?: FoundKey | null }>(db);
      const stored = claim?.storedResponse(found.key ?? null);
      if (stored) return stored.body as OrderView;
      const order = this.orders.restore(found.order);
      if (!order) throw new NotFoundError('ORDER', orderId);
      const now = new Date();
      const events = order.cancel(reason, by, now);
      const view = toOrderView(order);
      await claim?.forgetExpired(db, found.key);
      const applied = await writeOrderChange(db, this.orders, this.outbox, {
        order,
        events,
        view,
        claim,
        now,
      });
      return applied ? view : STALE;
    });
  }
}
