import { Injectable } from '@nestjs/common';
import { sqlParam } from '@logisync/http-kit';
import type { EntityManager } from 'typeorm';
import { acceptedTenderOf, openTenderOf, type Shipment } from '../domain';
import { notFound } from '../application/transport-app.errors';
import { OrderDestinationEntity, ShipmentEntity } from './shipment.entities';

const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const lock = { lock: { mode: 'pessimistic_write' as const } };

/** The row's columns under the entity's names, for a JSON document of it. */
const documentColumns = `id, order_id AS "orderId", status, tracking_number AS "trackingNumber",
  open_tender_expires_at AS "openTenderExpiresAt", warehouse_id AS "warehouseId", mode,
  total_volume_cm3 AS "totalVolumeCm3", package_count AS "packageCount", destination, region,
  tenant, state, published, reports_by_event_id AS "reportsByEventId",
  created_at AS "createdAt", updated_at AS "updatedAt", version`;

/** How a command finds its shipment: by id (a tender's) or by tracking number (a milestone's). */
export type ShipmentKey = { id: string } | { trackingNumber: string };

/**
 * Shipments in the caller's transaction; `for update` variants lock the row until commit. The
 * `...Sql` methods are parts of a command's one read (CommandRead) and one write (CommandWrite).
 */
@Injectable()
export class TypeOrmShipmentRepository {
  find(tx: EntityManager, id: string, forUpdate = false): Promise<ShipmentEntity | null> {
    if (!uuidShape.test(id)) return Promise.resolve(null);
    return tx.findOne(ShipmentEntity, { where: { id }, ...(forUpdate ? lock : {}) });
  }

  async get(tx: EntityManager, id: string, forUpdate = false): Promise<ShipmentEntity> {
    const row = await this.find(tx, id, forUpdate);
    if (!row) throw notFound('SHIPMENT', id);
    return row;
  }

  /**
   * The shipments of these orders and of these tracking numbers, locked in id order: a consumed
   * set's one read of the table.
   */
  async lockForEvents(
    tx: EntityManager,
    orderIds: readonly string[],
    trackingNumbers: readonly string[],
  ): Promise<ShipmentEntity[]> {
    if (orderIds.length === 0 && trackingNumbers.length === 0) return [];
    const rows: ShipmentEntity[] = await tx.query(
      `SELECT ${documentColumns} FROM shipment
       WHERE order_id = ANY($1::text[]) OR tracking_number = ANY($2::text[])
       ORDER BY id FOR UPDATE`,
      [orderIds, trackingNumbers],
    );
    return rows.map((row) => ({ ...row, totalVolumeCm3: Number(row.totalVolumeCm3) }));
  }

  /**
   * Tender ids are `<shipmentId>:tender:<n>`: the shipment is found without another index. Null
   * when the id cannot be a tender's.
   */
  shipmentIdOfTender(tenderId: string): string | null {
    const [shipmentId] = tenderId.split(':tender:');
    return uuidShape.test(shipmentId) ? shipmentId : null;
  }

  /** The shipment's WHERE clause for a command's read. */
  whereSql(params: unknown[], key: ShipmentKey): string {
    return 'id' in key
      ? `id = ${sqlParam(params, key.id)}`
      : `tracking_number = ${sqlParam(params, key.trackingNumber)}`;
  }

  /** A part of a command's read: the shipment as one JSON document (`restore` reads it). */
  documentSql(params: unknown[], key: ShipmentKey): string {
    return `(SELECT row_to_json(r) FROM (
      SELECT ${documentColumns} FROM shipment WHERE ${this.whereSql(params, key)}) r)`;
  }

  restore(document: unknown): ShipmentEntity | null {
    if (!document) return null;
    const row = document as ShipmentEntity;
    const expires = row.openTenderExpiresAt;
    return {
      ...row,
      openTenderExpiresAt: expires === null ? null : new Date(expires),
      createdAt: new Date(row.createdAt),
      updatedAt: new Date(row.updatedAt),
    };
  }

  /**
   * A WITH member `shipment_written`: what save() writes, written only while the row is still
   * at the version the command read. Updates `row` as save() does.
   */
  guardedSaveSql(params: unknown[], row: ShipmentEntity, next: Shipment, now: Date): string {
    const readVersion = row.version;
    changeState(row, next, now);
    const p = (value: unknown) => sqlParam(params, value);
    return `shipment_written AS (
      UPDATE shipment SET state = ${p(JSON.stringify(row.state))}::jsonb,
        status = ${p(row.status)}, tracking_number = ${p(row.trackingNumber)},
        open_tender_expires_at = ${p(row.openTenderExpiresAt)}::timestamptz,
        published = ${p(JSON.stringify(row.published))}::jsonb,
        reports_by_event_id = ${p(JSON.stringify(row.reportsByEventId))}::jsonb,
        updated_at = ${p(row.updatedAt)}, version = ${p(row.version)}
      WHERE id = ${p(row.id)} AND version = ${p(readVersion)}
      RETURNING id)`;
  }

  listByOrder(tx: EntityManager, orderId?: string) {
    return tx.find(ShipmentEntity, {
      where: orderId ? { orderId } : {},
      order: { createdAt: 'DESC' },
      take: 200,
    });
  }

  /**
   * Shipments whose open tender lapsed, locked; rows another sweeper holds are skipped, so two
   * instances never expire the same tender twice.
   */
  async lockDueForExpiry(tx: EntityManager, now: Date, limit: number): Promise<ShipmentEntity[]> {
    const ids: { id: string }[] = await tx.query(
      `SELECT id FROM shipment WHERE open_tender_expires_at <= $1
       ORDER BY open_tender_expires_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
    const rows: ShipmentEntity[] = [];
    for (const { id } of ids) rows.push(await tx.findOneOrFail(ShipmentEntity, { where: { id } }));
    return rows;
  }

  /** Writes what changeState changed. */
  async update(tx: EntityManager, row: ShipmentEntity): Promise<void> {
    await tx.update(
      ShipmentEntity,
      { id: row.id },
      {
        state: row.state,
        status: row.status,
        trackingNumber: row.trackingNumber,
        openTenderExpiresAt: row.openTenderExpiresAt,
        published: row.published,
        reportsByEventId: row.reportsByEventId,
        updatedAt: row.updatedAt,
        version: row.version,
      },
    );
  }

  /**
   * A consumed set's one write of the table: the new shipments inserted, the changed ones
   * updated, in one statement. A shipment planned meanwhile by another transaction makes the
   * insert fail (its order is unique) instead of being overwritten.
   */
  async writeAll(tx: EntityManager, rows: readonly { row: ShipmentEntity; isNew: boolean }[]) {
    if (rows.length === 0) return;
    await tx.query(
      `WITH s AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS s(is_new boolean, id uuid, order_id text,
           status text, tracking_number text, open_tender_expires_at timestamptz,
           warehouse_id text, mode text, total_volume_cm3 bigint, package_count integer,
           destination jsonb, region text, tenant text, state jsonb, published jsonb,
           reports_by_event_id jsonb, created_at timestamptz, updated_at timestamptz,
           version integer)),
       inserted AS (
         INSERT INTO shipment (id, order_id, status, tracking_number, open_tender_expires_at,
           warehouse_id, mode, total_volume_cm3, package_count, destination, region, tenant,
           state, published, reports_by_event_id, created_at, updated_at, version)
         SELECT id, order_id, status, tracking_number, open_tender_expires_at, warehouse_id,
           mode, total_volume_cm3, package_count, destination, region, tenant, state,
           published, reports_by_event_id, created_at, updated_at, version
         FROM s WHERE is_new)
       UPDATE shipment t SET state = s.state, status = s.status,
         tracking_number = s.tracking_number, open_tender_expires_at = s.open_tender_expires_at,
         published = s.published, reports_by_event_id = s.reports_by_event_id,
         updated_at = s.updated_at, version = s.version
       FROM s WHERE t.id = s.id AND NOT s.is_new`,
      [
        JSON.stringify(
          rows.map(({ row, isNew }) => ({
            is_new: isNew,
            id: row.id,
            order_id: row.orderId,
            status: row.status,
            tracking_number: row.trackingNumber,
            open_tender_expires_at: row.openTenderExpiresAt,
            warehouse_id: row.warehouseId,
            mode: row.mode,
            total_volume_cm3: row.totalVolumeCm3,
            package_count: row.packageCount,
            destination: row.destination,
            region: row.region,
            tenant: row.tenant,
            state: row.state,
            published: row.published,
            reports_by_event_id: row.reportsByEventId,
            created_at: row.createdAt,
            updated_at: row.updatedAt,
            version: row.version,
          })),
        ),
      ],
    );
  }
}

/**
 * The row takes the new state and what queries select on; the version counts the changes.
 * Written by update(), writeAll() or a command's guarded write.
 */
export function changeState(row: ShipmentEntity, next: Shipment, now: Date): void {
  row.state = next;
  Object.assign(row, indexedColumns(next), { updatedAt: now, version: row.version + 1 });
}

/** The columns beside `state` that queries select on, as the state defines them. */
export function indexedColumns(s: Shipment) {
  const open = openTenderOf(s);
  return {
    status: s.status,
    trackingNumber: acceptedTenderOf(s)?.trackingNumber ?? null,
    openTenderExpiresAt: open ? new Date(open.expiresAt) : null,
  };
}

@Injectable()
export class TypeOrmOrderDestinationRepository {
  /** The destinations of these orders, locked in order id order: a consumed set's one read. */
  async lockAll(tx: EntityManager, orderIds: readonly string[]) {
    if (orderIds.length === 0) return [];
    const rows: OrderDestinationEntity[] = await tx.query(
      `SELECT order_id AS "orderId", region, tenant, ship_to AS "shipTo",
         released_event_id AS "releasedEventId", cancelled_at AS "cancelledAt",
         cancel_reason AS "cancelReason"
       FROM order_destination WHERE order_id = ANY($1::text[]) ORDER BY order_id FOR UPDATE`,
      [orderIds],
    );
    return rows;
  }

  /**
   * A consumed set's one write: new and cancelled destinations. The first release of an order
   * wins and so does its first cancellation, whatever another transaction wrote meanwhile.
   */
  async writeAll(tx: EntityManager, rows: readonly OrderDestinationEntity[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO order_destination (order_id, region, tenant, ship_to, released_event_id,
         cancelled_at, cancel_reason)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS d(order_id text, region text, tenant text,
         ship_to jsonb, released_event_id uuid, cancelled_at timestamptz, cancel_reason text)
       ON CONFLICT (order_id) DO UPDATE SET
         cancelled_at = COALESCE(order_destination.cancelled_at, excluded.cancelled_at),
         cancel_reason = CASE WHEN order_destination.cancelled_at IS NULL
           THEN excluded.cancel_reason ELSE order_destination.cancel_reason END`,
      [
        JSON.stringify(
          rows.map((d) => ({
            order_id: d.orderId,
            region: d.region,
            tenant: d.tenant,
            ship_to: d.shipTo,
            released_event_id: d.releasedEventId,
            cancelled_at: d.cancelledAt,
            cancel_reason: d.cancelReason,
          })),
        ),
      ],
    );
  }
}
