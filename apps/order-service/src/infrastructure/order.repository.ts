import { Injectable } from '@nestjs/common';
import { sqlParam } from '@logisync/http-kit';
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

/**
 * The order row with its lines, holds and timeline as JSON, as one query returns them. Read
 * inside a JSON document (a command's read), the order's own times are text too.
 */
interface OrderRow extends Omit<
  OrderEntity,
  'totalMinor' | 'requestedDeliveryDate' | 'cancelledAt' | 'createdAt' | 'updatedAt'
> {
  totalMinor: string | number;
  requestedDeliveryDate: Date | string;
  cancelledAt: Date | string | null;
  createdAt: Date | string;
  updatedAt: Date | string;
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
const orderSql = (id: string, lock = false) => `
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
  FROM customer_order o WHERE o.id = ${id}${lock ? ' FOR UPDATE OF o' : ''}`;

/** What find() read, so update() writes only the holds and timeline entries that changed. */
const loaded = new WeakMap<Order, { timeline: Set<string>; holds: string }>();

function restore(row: OrderRow): Order {
  const { lines, holds, timeline, totalMinor, ...order } = row;
  const id = order.id;
  const rows = {
    order: {
      ...order,
      totalMinor: Number(totalMinor),
      requestedDeliveryDate: new Date(order.requestedDeliveryDate),
      cancelledAt: order.cancelledAt === null ? null : new Date(order.cancelledAt),
      createdAt: new Date(order.createdAt),
      updatedAt: new Date(order.updatedAt),
    },
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

/**
 * Orders in the caller's transaction; `getForUpdate` locks the row until it commits. The
 * `...Sql` methods are parts of a command's one read (CommandRead) and one write (CommandWrite).
 */
@Injectable()
export class TypeOrmOrderRepository {
  async find(tx: EntityManager, id: string, lock = false): Promise<Order | null> {
    const [row]: OrderRow[] = await tx.query(orderSql('$1', lock), [id]);
    return row ? restore(row) : null;
  }

  /** The order as one JSON document (a part of a command's read); `restore` turns it back. */
  documentSql(params: unknown[], id: string): string {
    return `(SELECT row_to_json(r) FROM (${orderSql(sqlParam(params, id))}) r)`;
  }

  restore(document: unknown): Order | null {
    return document ? restore(document as OrderRow) : null;
  }

  /** WITH members: a new order and its lines; `order_inserted` gates what depends on it. */
  insertSql(params: unknown[], order: Order, now: Date): string[] {
    const s = order.snapshot();
    const e = toOrderEntity(s, order.status, now);
    const p = (value: unknown) => sqlParam(params, value);
    const lines = s.lines.map((l) => ({
      line_no: l.lineNo,
      sku: l.sku,
      quantity: l.quantity,
      unit_price_minor: l.unitPriceMinor,
      currency: l.currency,
    }));
    return [
      `order_inserted AS (
        INSERT INTO customer_order (id, customer_id, channel, currency, total_minor, ship_to,
          requested_delivery_date, priority, region, status, progress, cancel_reason,
          cancelled_by, cancelled_at, invoice_id, created_at, updated_at, version)
        VALUES (${p(e.id)}, ${p(e.customerId)}, ${p(e.channel)}, ${p(e.currency)},
          ${p(e.totalMinor)}, ${p(JSON.stringify(e.shipTo))}, ${p(e.requestedDeliveryDate)},
          ${p(e.priority)}, ${p(e.region)}, ${p(e.status)}, ${p(e.progress)},
          ${p(e.cancelReason)}, ${p(e.cancelledBy)}, ${p(e.cancelledAt)}, ${p(e.invoiceId)},
          ${p(e.createdAt)}, ${p(e.updatedAt)}, ${p(e.version)})
        RETURNING id)`,
      `order_lines_inserted AS (
        INSERT INTO order_line (order_id, line_no, sku, quantity, unit_price_minor, currency)
        SELECT o.id, l.line_no, l.sku, l.quantity, l.unit_price_minor, l.currency
        FROM order_inserted o, jsonb_to_recordset(${p(JSON.stringify(lines))}::jsonb)
          AS l(line_no integer, sku text, quantity integer, unit_price_minor bigint, currency text))`,
    ];
  }

  /**
   * A WITH member `order_written`: the order row as a command left it, written only while the
   * row is still at the version the command read (and `gate` returned a row). Commands change
   * the row only; holds and the timeline are the milestones' (update()).
   */
  guardedUpdateSql(params: unknown[], order: Order, now: Date, gate?: string): string {
    const s = order.snapshot();
    const e = toOrderEntity(s, order.status, now);
    const p = (value: unknown) => sqlParam(params, value);
    return `order_written AS (
      UPDATE customer_order SET status = ${p(e.status)}, progress = ${p(e.progress)},
        cancel_reason = ${p(e.cancelReason)}, cancelled_by = ${p(e.cancelledBy)},
        cancelled_at = ${p(e.cancelledAt)}, invoice_id = ${p(e.invoiceId)},
        updated_at = ${p(e.updatedAt)}, version = ${p(e.version)}
      WHERE id = ${p(s.id)} AND version = ${p(s.version)}
        ${gate ? `AND EXISTS (SELECT FROM ${gate})` : ''}
      RETURNING id)`;
  }

  async getForUpdate(tx: EntityManager, id: string): Promise<Order> {
    const order = await this.find(tx, id, true);
    if (!order) throw new NotFoundError('ORDER', id);
    return order;
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
