import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Order } from '../domain/order';
import { NotFoundError } from '../domain/order.errors';
import {
  OrderEntity,
  OrderHoldEntity,
  OrderLineEntity,
  TimelineEntryEntity,
} from './order.entities';
import { toOrderEntity, toSnapshot } from './order.mapper';

/** Orders in the caller's transaction; `getForUpdate` locks the row until it commits. */
@Injectable()
export class TypeOrmOrderRepository {
  async find(tx: EntityManager, id: string, lock = false): Promise<Order | null> {
    const order = await tx.findOne(OrderEntity, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!order) return null;
    // One connection per transaction: its queries run one after the other.
    const lines = await tx.find(OrderLineEntity, { where: { orderId: id } });
    const holds = await tx.find(OrderHoldEntity, { where: { orderId: id } });
    const timeline = await tx.find(TimelineEntryEntity, { where: { orderId: id } });
    return Order.restore(toSnapshot({ order, lines, holds, timeline }));
  }

  async getForUpdate(tx: EntityManager, id: string): Promise<Order> {
    const order = await this.find(tx, id, true);
    if (!order) throw new NotFoundError('ORDER', id);
    return order;
  }

  async insert(tx: EntityManager, order: Order, now: Date): Promise<void> {
    const s = order.snapshot();
    await tx.insert(OrderEntity, toOrderEntity(s, order.status, now));
    await tx.insert(
      OrderLineEntity,
      s.lines.map((l) => ({ ...l, orderId: s.id })),
    );
  }

  async update(tx: EntityManager, order: Order, now: Date): Promise<void> {
    const s = order.snapshot();
    await tx.update(OrderEntity, { id: s.id }, toOrderEntity(s, order.status, now));
    if (s.holds.length > 0) {
      await tx.upsert(
        OrderHoldEntity,
        s.holds.map((h) => ({ ...h, orderId: s.id })),
        ['orderId', 'reason'],
      );
    }
    if (s.timeline.length > 0) {
      await tx
        .createQueryBuilder()
        .insert()
        .into(TimelineEntryEntity)
        .values(s.timeline.map(({ type, ...t }) => ({ ...t, eventType: type, orderId: s.id })))
        .orIgnore()
        .execute();
    }
  }
}
