import type { OutboxWriter } from '@logisync/event-runtime';
import { CommandWrite, type IdempotencyClaim } from '@logisync/http-kit';
import type { EntityManager } from 'typeorm';
import type { Order } from '../domain/order';
import type { OrderEvent } from '../domain/order-events';
import type { TypeOrmOrderRepository } from '../infrastructure/order.repository';
import { toOutboxEntries } from './order-event.factory';
import type { OrderView } from './order.view';

export interface OrderChange {
  order: Order;
  events: OrderEvent[];
  view: OrderView;
  claim: IdempotencyClaim | null;
  now: Date;
  /** A WITH member written first that gates the order's update (the approval's credit guard). */
  guard?: { sql: (params: unknown[]) => string; name: string };
}

/**
 * The one write statement of a command that changes an existing order: the order's guarded
 * update (`order_written`), its events and the Idempotency-Key with the answer, gated on it.
 * False when the order (or the guard) changed since the command read it: read again.
 */
export async function writeOrderChange(
  db: EntityManager,
  orders: TypeOrmOrderRepository,
  outbox: OutboxWriter,
  change: OrderChange,
): Promise<boolean> {
  const { order, events, view, claim, now, guard } = change;
  const write = new CommandWrite();
  write.with(
    guard?.sql(write.params),
    orders.guardedUpdateSql(write.params, order, now, guard?.name),
    await outbox.insertSql(write.params, toOutboxEntries(order, events, null), 'order_written'),
    ...(claim?.insertSql(write.params, { status: 200, body: view }, 'order_written') ?? []),
  );
  return write.run(db, 'EXISTS (SELECT FROM order_written)');
}
