import { Injectable } from '@nestjs/common';
import { sqlParam } from '@logisync/http-kit';
import type { EntityManager } from 'typeorm';
import { Order } from '../domain/order';
import { NotFoundError } from '../domain/order.errors';
import type { OrderEntity, OrderLineEntity } from './order.entities';
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
 * Orders and their children in one round trip (a set of milestones loads all its orders at
 * once); `FOR UPDATE OF o` locks the order rows only. Timestamps of the children as text with
 * the offset and microseconds: new Date() reads them back exactly as pg does.
 */
const ordersSql = (where: string, lock = '') => `
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
  FROM customer_order o WHERE ${where}${lock}`;

const orderSql = (id: string, lock = false) =>
  ordersSql(`o.id = ${id}`, lock ? ' FOR UPDATE OF o' : '');

// Anything else is no order id here; cast to uuid it would fail the whole set's statement.
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What an order's milestones changed, for the one write of a set (writeMilestones). */
export interface MilestonesWrite {
  order: Order;
  /** How many milestones were applied: each bumps the version, as a save per milestone did. */
  applied: number;
  /** When the last of them was received. */
  now: Date;
}

const json = (rows: object[]) => JSON.stringify(rows);

/** What a load read, so a write sends only the holds and timeline entries that changed. */
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

  /**
   * The orders of a set of milestones in one statement, locked in id order (two sets sharing
   * orders queue instead of deadlocking); ids that name no order are missing from the map.
   */
  async lockAll(tx: EntityManager, ids: readonly string[]): Promise<Map<string, Order>> {
    const valid = [...new Set(ids)].filter((id) => uuid.test(id));
    if (valid.length === 0) return new Map();
    const rows: OrderRow[] = await tx.query(
      ordersSql('o.id = ANY($1::uuid[])', ' ORDER BY o.id FOR UPDATE OF o'),
      [valid],
    );
    return new Map(rows.map((row) => [row.id, restore(row)]));
  }

  /**
   * One statement for what a set of milestones changed: the order rows, the holds that changed
   * since lockAll() and the new timeline entries (each milestone's row once: the event id is the
   * key). Holds are never deleted: a cleared hold keeps its row with `cleared_at`.
   */
  async writeMilestones(tx: EntityManager, writes: readonly MilestonesWrite[]): Promise<void> {
    if (writes.length === 0) return;
    const orders: object[] = [];
    const holds: object[] = [];
    const timeline: object[] = [];
    for (const { order, applied, now } of writes) {
      const s = order.snapshot();
      const before = loaded.get(order);
      const e = toOrderEntity(s, order.status, now);
      orders.push({
        id: e.id,
        status: e.status,
        progress: e.progress,
        cancel_reason: e.cancelReason,
        cancelled_by: e.cancelledBy,
        cancelled_at: e.cancelledAt,
        invoice_id: e.invoiceId,
        updated_at: e.updatedAt,
        version: s.version + applied,
      });
      const heldNow = JSON.stringify(s.holds);
      if (s.holds.length > 0 && heldNow !== before?.holds) {
        for (const h of s.holds) {
          holds.push({
            order_id: s.id,
            reason: h.reason,
            detail: h.detail,
            raised_at: h.raisedAt,
            cleared_at: h.clearedAt,
          });
        }
      }
      for (const t of s.timeline.filter((t) => !before?.timeline.has(t.eventId))) {
        timeline.push({
          event_id: t.eventId,
          order_id: s.id,
          event_type: t.type,
          occurred_at: t.occurredAt,
          producer: t.producer,
          received_at: t.receivedAt,
        });
      }
      loaded.set(order, { timeline: new Set(s.timeline.map((t) => t.eventId)), holds: heldNow });
    }
    await tx.query(
      `WITH orders_written AS (
        UPDATE customer_order o SET status = r.status, progress = r.progress,
          cancel_reason = r.cancel_reason, cancelled_by = r.cancelled_by,
          cancelled_at = r.cancelled_at, invoice_id = r.invoice_id, updated_at = r.updated_at,
          version = r.version
        FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, status text, progress text,
          cancel_reason text, cancelled_by text, cancelled_at timestamptz, invoice_id text,
          updated_at timestamptz, version integer)
        WHERE o.id = r.id),
      holds_written AS (
        INSERT INTO order_hold (order_id, reason, detail, raised_at, cleared_at)
        SELECT * FROM jsonb_to_recordset($2::jsonb) AS h(order_id uuid, reason text,
          detail text, raised_at timestamptz, cleared_at timestamptz)
        ON CONFLICT (order_id, reason) DO UPDATE SET detail = excluded.detail,
          raised_at = excluded.raised_at, cleared_at = excluded.cleared_at)
      INSERT INTO order_timeline_entry (event_id, order_id, event_type, occurred_at, producer,
        received_at)
      SELECT * FROM jsonb_to_recordset($3::jsonb) AS t(event_id uuid, order_id uuid,
        event_type text, occurred_at timestamptz, producer text, received_at timestamptz)
      ON CONFLICT DO NOTHING`,
      [json(orders), json(holds), json(timeline)],
    );
  }
}
