import { Inject, Injectable } from '@nestjs/common';
import { OutboxWriter } from '@logisync/event-runtime';
import {
  CommandRead,
  IdempotencyClaim,
  STALE,
  untilWritten,
  type Attempt,
  type FoundKey,
} from '@logisync/http-kit';
import type { EntityManager } from 'typeorm';
import { checkCredit } from '../../domain/credit-check';
import { NotFoundError } from '../../domain/order.errors';
import {
  TypeOrmCustomerRepository,
  type ReadCreditPosition,
} from '../../infrastructure/customer.repository';
import { TypeOrmOrderRepository } from '../../infrastructure/order.repository';
import { UnitOfWork } from '../../infrastructure/unit-of-work';
import { writeOrderChange } from '../order-change.write';
import { toOrderView, type OrderView } from '../order.view';

const endpoint = 'POST /v1/orders/:id/approve';
const optimisticAttempts = 2;

/**
 * Credit check, then RELEASED and OrderReleased with the full order, in one statement. With an
 * Idempotency-Key, a retry whose first attempt took effect (its answer lost) gets that answer
 * again instead of a 409 for an order that is no longer a DRAFT. Two round trips: the order,
 * its customer's credit position and the key in one read; the order, the customer's guard, the
 * event and the key in one write that changes nothing when the order or the customer's open
 * orders changed since the read (then it reads again).
 *
 * Every approval of a customer rewrites the customer's row, so a burst of approvals for one
 * customer keeps invalidating each other's reads, and optimistic retries alone can give up
 * (seen under load: 409 after 8 lost races). After two lost races an approval takes the
 * customer's row lock first, in a transaction (5 round trips), and queues behind the others.
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
    const claim = idempotencyKey
      ? new IdempotencyClaim(endpoint, idempotencyKey, { orderId })
      : null;
    return untilWritten((n) =>
      n <= optimisticAttempts
        ? this.attempt(this.uow.statements, orderId, claim)
        : this.uow.run(async (tx) => {
            await this.customers.lockForOrder(tx, orderId);
            return this.attempt(tx, orderId, claim);
          }),
    );
  }

  private async attempt(
    db: EntityManager,
    orderId: string,
    claim: IdempotencyClaim | null,
  ): Promise<Attempt<OrderView>> {
    const read = new CommandRead()
      .add('order', (p) => this.orders.documentSql(p, orderId))
      .add('credit', (p) => this.customers.creditSql(p, orderId));
    if (claim) read.add('key', (p) => claim.selectSql(p));
    const found = await read.run<{
      order: unknown;
      credit: ReadCreditPosition | null;
      key?: FoundKey | null;
    }>(db);
    const stored = claim?.storedResponse(found.key ?? null);
    if (stored) return stored.body as OrderView;
    const order = this.orders.restore(found.order);
    const credit = found.credit;
    if (!order || !credit) throw new NotFoundError('ORDER', orderId);
    const events = order.release();
    const { totalMinor, currency } = order.snapshot();
    checkCredit(credit, totalMinor, currency);
    const view = toOrderView(order);
    await claim?.forgetExpired(db, found.key);
    const applied = await writeOrderChange(db, this.orders, this.outbox, {
      order,
      events,
      view,
      claim,
      now: new Date(),
      guard: {
        sql: (params) => this.customers.creditGuardSql(params, credit),
        name: 'credit_unchanged',
      },
    });
    return applied ? view : STALE;
  }
}
