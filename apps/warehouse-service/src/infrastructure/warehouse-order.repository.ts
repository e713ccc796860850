import { Injectable } from '@nestjs/common';
import { sqlParam } from '@logisync/http-kit';
import type { EntityManager } from 'typeorm';
import {
  NotFoundError,
  statusOf,
  toAllocate,
  type FloorStatus,
  type OrderPriority,
  type WarehouseOrder,
} from '../domain';
import { WarehouseOrderEntity } from './warehouse-order.entities';

function toDomain(row: WarehouseOrderEntity): WarehouseOrder {
  const base = {
    orderId: row.orderId,
    tenant: row.tenant,
    region: row.region,
    priority: row.priority as OrderPriority,
    lines: row.lines,
    releasedAt: row.releasedAt,
    allocationId: row.allocationId,
    cancelReason: row.status === 'CANCELLED' && !row.allocationId ? row.cancelReason : null,
  };
  const backorder =
    row.status === 'BACKORDERED' && row.backorderedAt
      ? {
          order: toAllocate({ ...base, backorder: null, work: null }),
          backorderedAt: row.backorderedAt.getTime(),
          skippedPasses: row.skippedPasses,
          heldPasses: row.heldPasses,
        }
      : null;
  const work =
    row.allocationId && row.warehouseId && row.allocatedLines
      ? {
          orderId: row.orderId,
          allocation: {
            orderId: row.orderId,
            warehouseId: row.warehouseId,
            lines: row.allocatedLines,
          },
          status: row.status as FloorStatus,
          picked: row.picked,
          shortPicked: row.shortPicked,
          packages: row.packages,
          tender:
            row.shipmentId && row.carrierId
              ? {
                  shipmentId: row.shipmentId,
                  carrier: row.carrierId,
                  trackingNumber: row.trackingNumber ?? '',
                }
              : null,
          cancelReason: row.cancelReason,
        }
      : null;
  return { ...base, backorder, work };
}

function toEntity(o: WarehouseOrder): WarehouseOrderEntity {
  const w = o.work;
  return {
    orderId: o.orderId,
    tenant: o.tenant,
    region: o.region,
    priority: o.priority,
    lines: [...o.lines],
    status: statusOf(o),
    allocationId: o.allocationId,
    warehouseId: w?.allocation.warehouseId ?? null,
    allocatedLines: w ? [...w.allocation.lines] : null,
    picked: w?.picked ? [...w.picked] : null,
    shortPicked: w?.shortPicked ?? false,
    packages: w?.packages ? [...w.packages] : null,
    shipmentId: w?.tender?.shipmentId ?? null,
    carrierId: w?.tender?.carrier ?? null,
    trackingNumber: w?.tender?.trackingNumber ?? null,
    cancelReason: w?.cancelReason ?? o.cancelReason,
    backorderedAt: o.backorder ? new Date(o.backorder.backorderedAt) : null,
    skippedPasses: o.backorder?.skippedPasses ?? 0,
    heldPasses: o.backorder?.heldPasses ?? 0,
    releasedAt: o.releasedAt,
    updatedAt: new Date(),
  };
}

/** An order as a command read it, with the row's version (its xmin) of the moment. */
export interface ReadWarehouseOrder {
  order: WarehouseOrder;
  token: string;
}

/** The row's columns under the entity's names, for a JSON document of it. */
const documentColumns = `order_id AS "orderId", tenant, region, priority, lines, status,
  allocation_id AS "allocationId", warehouse_id AS "warehouseId",
  allocated_lines AS "allocatedLines", picked, short_picked AS "shortPicked", packages,
  shipment_id AS "shipmentId", carrier_id AS "carrierId", tracking_number AS "trackingNumber",
  cancel_reason AS "cancelReason", backordered_at AS "backorderedAt",
  skipped_passes AS "skippedPasses", held_passes AS "heldPasses", released_at AS "releasedAt",
  updated_at AS "updatedAt", xmin::text AS token`;

/** Every column of the table, in the order of the set write's JSON rows. */
const orderColumns = [
  'order_id',
  'tenant',
  'region',
  'priority',
  'lines',
  'status',
  'allocation_id',
  'warehouse_id',
  'allocated_lines',
  'picked',
  'short_picked',
  'packages',
  'shipment_id',
  'carrier_id',
  'tracking_number',
  'cancel_reason',
  'backordered_at',
  'skipped_passes',
  'held_passes',
  'released_at',
  'updated_at',
];

const json = (value: unknown) => (value === null ? null : JSON.stringify(value));

/**
 * Released orders in the caller's transaction; `getForUpdate` locks the row until commit. The
 * `...Sql` methods are parts of a command's one read (CommandRead) and one write (CommandWrite).
 */
@Injectable()
export class TypeOrmWarehouseOrderRepository {
  async find(tx: EntityManager, orderId: string, lock = false): Promise<WarehouseOrder | null> {
    const row = await tx.findOne(WarehouseOrderEntity, {
      where: { orderId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    return row ? toDomain(row) : null;
  }

  /** The order whose id `orderIdSql` gives, as one JSON document (ReadWarehouseOrder). */
  documentSql(orderIdSql: string): string {
    return `(SELECT row_to_json(r) FROM (
      SELECT ${documentColumns} FROM warehouse_order WHERE order_id = ${orderIdSql}) r)`;
  }

  restore(document: unknown): ReadWarehouseOrder | null {
    if (!document) return null;
    const { token, ...row } = document as WarehouseOrderEntity & { token: string };
    const at = (value: Date | string | null) => (value === null ? null : new Date(value));
    const order = toDomain({
      ...row,
      releasedAt: at(row.releasedAt)!,
      backorderedAt: at(row.backorderedAt),
      updatedAt: at(row.updatedAt)!,
    });
    return { order, token };
  }

  /**
   * A WITH member `order_written`: the order as a command left it, written only while the row
   * is the version the command read (and `gate`, when given, returned a row).
   */
  guardedUpdateSql(
    params: unknown[],
    read: ReadWarehouseOrder,
    next: WarehouseOrder,
    gate?: string,
  ) {
    const e = toEntity(next);
    const p = (value: unknown) => sqlParam(params, value);
    return `order_written AS (
      UPDATE warehouse_order SET status = ${p(e.status)}, allocation_id = ${p(e.allocationId)},
        warehouse_id = ${p(e.warehouseId)}, allocated_lines = ${p(json(e.allocatedLines))},
        picked = ${p(json(e.picked))}, short_picked = ${p(e.shortPicked)},
        packages = ${p(json(e.packages))}, shipment_id = ${p(e.shipmentId)},
        carrier_id = ${p(e.carrierId)}, tracking_number = ${p(e.trackingNumber)},
        cancel_reason = ${p(e.cancelReason)}, backordered_at = ${p(e.backorderedAt)},
        skipped_passes = ${p(e.skippedPasses)}, held_passes = ${p(e.heldPasses)},
        updated_at = ${p(e.updatedAt)}
      WHERE order_id = ${p(e.orderId)} AND xmin = ${p(read.token)}::xid
        ${gate ? `AND EXISTS (SELECT FROM ${gate})` : ''}
      RETURNING order_id)`;
  }

  /**
   * A part of an event set's read: the orders of `orderIds` that exist, locked in id order, as
   * a JSON array of documents (restore each). `condition`, when given, is evaluated before the
   * rows are locked. The ids are uuids (uuidKeys), so the primary key finds them.
   */
  lockedDocumentsSql(params: unknown[], orderIds: readonly string[], condition?: string): string {
    return `(SELECT coalesce(json_agg(r), '[]'::json) FROM (
      SELECT ${documentColumns} FROM warehouse_order
      WHERE order_id = ANY(${sqlParam(params, orderIds)}::uuid[])
        ${condition ? `AND ${condition}` : ''}
      ORDER BY order_id FOR UPDATE) r)`;
  }

  /** A WITH member `orders_written`: the orders as an event set left them, inserted or updated. */
  upsertSql(params: unknown[], orders: readonly WarehouseOrder[]): string {
    const rows = orders.map((o) => {
      const e = toEntity(o);
      return {
        order_id: e.orderId,
        tenant: e.tenant,
        region: e.region,
        priority: e.priority,
        lines: e.lines,
        status: e.status,
        allocation_id: e.allocationId,
        warehouse_id: e.warehouseId,
        allocated_lines: e.allocatedLines,
        picked: e.picked,
        short_picked: e.shortPicked,
        packages: e.packages,
        shipment_id: e.shipmentId,
        carrier_id: e.carrierId,
        tracking_number: e.trackingNumber,
        cancel_reason: e.cancelReason,
        backordered_at: e.backorderedAt,
        skipped_passes: e.skippedPasses,
        held_passes: e.heldPasses,
        released_at: e.releasedAt,
        updated_at: e.updatedAt,
      };
    });
    return `orders_written AS (
      INSERT INTO warehouse_order (${orderColumns.join(', ')})
      SELECT ${orderColumns.join(', ')} FROM jsonb_to_recordset(${sqlParam(params, JSON.stringify(rows))}::jsonb)
        AS o(order_id uuid, tenant text, region text, priority text, lines jsonb, status text,
          allocation_id uuid, warehouse_id text, allocated_lines jsonb, picked jsonb,
          short_picked boolean, packages jsonb, shipment_id text, carrier_id text,
          tracking_number text, cancel_reason text, backordered_at timestamptz,
          skipped_passes integer, held_passes integer, released_at timestamptz,
          updated_at timestamptz)
      ON CONFLICT (order_id) DO UPDATE SET ${orderColumns
        .filter((c) => c !== 'order_id')
        .map((c) => `${c} = excluded.${c}`)
        .join(', ')})`;
  }

  async getForUpdate(tx: EntityManager, orderId: string): Promise<WarehouseOrder> {
    const order = await this.find(tx, orderId, true);
    if (!order) throw new NotFoundError('ORDER', orderId);
    return order;
  }

  /** The back-order queue, locked in id order (a cancel may be waiting on one of them). */
  async lockBackorders(tx: EntityManager): Promise<WarehouseOrder[]> {
    const rows = await tx.find(WarehouseOrderEntity, {
      where: { status: 'BACKORDERED' },
      order: { orderId: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    return rows.map(toDomain);
  }

  async save(tx: EntityManager, order: WarehouseOrder): Promise<void> {
    await tx.save(WarehouseOrderEntity, toEntity(order));
  }
}
