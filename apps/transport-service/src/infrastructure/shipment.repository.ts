import { Injectable } from '@nestjs/common';
import { sqlParam } from '@logisync/http-kit';
import { IsNull, type EntityManager } from 'typeorm';
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

  findByOrder(tx: EntityManager, orderId: string, forUpdate = false) {
    return tx.findOne(ShipmentEntity, { where: { orderId }, ...(forUpdate ? lock : {}) });
  }

  findByTrackingNumber(tx: EntityManager, trackingNumber: string, forUpdate = false) {
    return tx.findOne(ShipmentEntity, { where: { trackingNumber }, ...(forUpdate ? lock : {}) });
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
    row.state = next;
    Object.assign(row, indexedColumns(next), { updatedAt: now, version: readVersion + 1 });
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

  async insert(tx: EntityManager, row: ShipmentEntity): Promise<void> {
    await tx.insert(ShipmentEntity, { ...row, ...indexedColumns(row.state) });
  }

  /** Writes the new state and what queries select on; the version counts the changes. */
  async save(tx: EntityManager, row: ShipmentEntity, next: Shipment, now: Date): Promise<void> {
    row.state = next;
    Object.assign(row, indexedColumns(next), { updatedAt: now, version: row.version + 1 });
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
}

function indexedColumns(s: Shipment) {
  const open = openTenderOf(s);
  return {
    status: s.status,
    trackingNumber: acceptedTenderOf(s)?.trackingNumber ?? null,
    openTenderExpiresAt: open ? new Date(open.expiresAt) : null,
  };
}

@Injectable()
export class TypeOrmOrderDestinationRepository {
  find(tx: EntityManager, orderId: string, forUpdate = false) {
    return tx.findOne(OrderDestinationEntity, { where: { orderId }, ...(forUpdate ? lock : {}) });
  }

  /** A replayed OrderReleased changes nothing: the first one wins. */
  async insertOnce(tx: EntityManager, row: OrderDestinationEntity): Promise<void> {
    await tx
      .createQueryBuilder()
      .insert()
      .into(OrderDestinationEntity)
      .values(row)
      .orIgnore()
      .execute();
  }

  async markCancelled(tx: EntityManager, orderId: string, reason: string, at: Date) {
    await tx.update(
      OrderDestinationEntity,
      { orderId, cancelledAt: IsNull() },
      { cancelledAt: at, cancelReason: reason },
    );
  }
}
