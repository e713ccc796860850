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

interface ChildRows {
  lines: Omit<OrderLineEntity, 'orderId'>[];
  holds: { reason: string; detail: string | null; raisedAt: string; clearedAt: string | null }[];
  timeline: {
    eventId: string;
    eventType: string;
    occurredAt: string;
    producer: string;
    receivedAt: string;
  }[];
}

// Timestamps as text with the offset and microseconds: new Date() reads them back exactly as pg does.
const childRowsSql = `
  SELECT
    (SELECT coalesce(json_agg(json_build_object(
        'lineNo', line_no, 'sku', sku, 'quantity', quantity,
        'unitPriceMinor', unit_price_minor, 'currency', currency)), '[]')
       FROM order_line WHERE order_id = $1) AS lines,
    (SELECT coalesce(json_agg(json_build_object(
        'reason', reason, 'detail', detail, 'raisedAt', raised_at, 'clearedAt', cleared_at)), '[]')
       FROM order_hold WHERE order_id = $1) AS holds,
    (SELECT coalesce(json_agg(json_build_object(
        'eventId', event_id, 'eventType', event_type, 'occurredAt', occurred_at,
        'producer', producer, 'receivedAt', received_at)), '[]')
       FROM order_timeline_entry WHERE order_id = $1) AS timeline`;

/** What find() read, so update() writes only the holds and timeline entries that changed. */
const loaded = new WeakMap<Order, { timeline: Set<string>; holds: string }>();

/** Orders in the caller's transaction; `getForUpdate` locks the row until it commits. */
@Injectable()
export class TypeOrmOrderRepository {
  async find(tx: EntityManager, id: string, lock = false): Promise<Order | null> {
    const order = await tx.findOne(OrderEntity, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!order) return null;
    // The lines, holds and timeline in one round trip (a milestone loads the order every time).
    const [children]: ChildRows[] = await tx.query(childRowsSql, [id]);
    const rows = {
      order,
      lines: children.lines.map((l) => ({ ...l, orderId: id })),
      holds: children.holds.map((h) => ({
        ...h,
        orderId: id,
        raisedAt: new Date(h.raisedAt),
        clearedAt: h.clearedAt === null ? null : new Date(h.clearedAt),
      })),
      timeline: children.timeline.map((t) => ({
        ...t,
        orderId: id,
        occurredAt: new Date(t.occurredAt),
        receivedAt: new Date(t.receivedAt),
      })),
    };
    const snapshot = toSnapshot(rows);
    const holds = JSON.stringify(snapshot.holds);
    const restored = Order.restore(snapshot);
    loaded.set(restored, { timeline: new Set(rows.timeline.map((t) => t.eventId)), holds });
    return restored;
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

  /** Writes the order row, and of its holds and timeline only what changed since find(). */
  async update(tx: EntityManager, order: Order, now: Date): Promise<void> {
    const s = order.snapshot();
    const before = loaded.get(order);
    const holds = JSON.stringify(s.holds);
    await tx.update(OrderEntity, { id: s.id }, toOrderEntity(s, order.status, now));
    if (s.holds.length > 0 && holds !== before?.holds) {
      await tx.upsert(
        OrderHoldEntity,
        s.holds.map((h) => ({ ...h, orderId: s.id })),
        ['orderId', 'reason'],
      );
    }
    const added = s.timeline.filter((t) => !before?.timeline.has(t.eventId));
    if (added.length > 0) {
      await tx
        .createQueryBuilder()
        .insert()
        .into(TimelineEntryEntity)
        .values(added.map(({ type, ...t }) => ({ ...t, eventType: type, orderId: s.id })))
        .orIgnore()
        .execute();
    }
    loaded.set(order, { timeline: new Set(s.timeline.map((t) => t.eventId)), holds });
  }
}
