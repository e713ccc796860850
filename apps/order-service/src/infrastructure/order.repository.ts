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

/** The order row with its lines, holds and timeline as JSON, as one query returns them. */
interface OrderRow extends Omit<OrderEntity, 'totalMinor'> {
  totalMinor: string;
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

/**
 * The order and its children in one round trip (a milestone loads the order every time);
 * `FOR UPDATE OF o` locks the order row only. Timestamps of the children as text with the
 * offset and microseconds: new Date() reads them back exactly as pg does.
 */
const orderSql = (lock: boolean) => `
  SELECT o.id, o.customer_id AS "customerId", o.channel, o.currency,
    o.total_minor AS "totalMinor", o.ship_to AS "shipTo",
    o.requested_delivery_date AS "requestedDeliveryDate", o.priority, o.region, o.status,
    o.progress, o.cancel_reason AS "cancelReason", o.cancelled_by AS "cancelledBy",
    o.cancelled_at AS "cancelledAt", o.invoice_id AS "invoiceId", o.created_at AS "createdAt",
    o.updated_at AS "updatedAt", o.version,
    (SELECT coalesce(json_agg(json_build_object(
        'lineNo', line_no, 'sku', sku, 'quantity', quantity,
        'unitPriceMinor', unit_price_minor, 'currency', currency)), '[]')
       FROM order_line WHERE order_id = o.id) AS lines,
    (SELECT coalesce(json_agg(json_build_object(
        'reason', reason, 'detail', detail, 'raisedAt', raised_at, 'clearedAt', cleared_at)), '[]')
       FROM order_hold WHERE order_id = o.id) AS holds,
    (SELECT coalesce(json_agg(json_build_object(
        'eventId', event_id, 'eventType', event_type, 'occurredAt', occurred_at,
        'producer', producer, 'receivedAt', received_at)), '[]')
       FROM order_timeline_entry WHERE order_id = o.id) AS timeline
  FROM customer_order o WHERE o.id = $1${lock ? ' FOR UPDATE OF o' : ''}`;

/** What find() read, so update() writes only the holds and timeline entries that changed. */
const loaded = new WeakMap<Order, { timeline: Set<string>; holds: string }>();

/** Orders in the caller's transaction; `getForUpdate` locks the row until it commits. */
@Injectable()
export class TypeOrmOrderRepository {
  async find(tx: EntityManager, id: string, lock = false): Promise<Order | null> {
    const [row]: OrderRow[] = await tx.query(orderSql(lock), [id]);
    if (!row) return null;
    const { lines, holds, timeline, totalMinor, ...order } = row;
    const rows = {
      order: { ...order, totalMinor: Number(totalMinor) },
      lines: lines.map((l) => ({ ...l, orderId: id })),
      holds: holds.map((h) => ({
        ...h,
        orderId: id,
        raisedAt: new Date(h.raisedAt),
        clearedAt: h.clearedAt === null ? null : new Date(h.clearedAt),
      })),
      timeline: timeline.map((t) => ({
        ...t,
        orderId: id,
        occurredAt: new Date(t.occurredAt),
        receivedAt: new Date(t.receivedAt),
      })),
    };
    const snapshot = toSnapshot(rows);
    const restored = Order.restore(snapshot);
    loaded.set(restored, {
      timeline: new Set(rows.timeline.map((t) => t.eventId)),
      holds: JSON.stringify(snapshot.holds),
    });
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
