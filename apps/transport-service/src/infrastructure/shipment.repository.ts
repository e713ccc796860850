import { Injectable } from '@nestjs/common';
import { IsNull, type EntityManager } from 'typeorm';
import { acceptedTenderOf, openTenderOf, type Shipment } from '../domain';
import { notFound } from '../application/transport-app.errors';
import { OrderDestinationEntity, ShipmentEntity } from './shipment.entities';

const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const lock = { lock: { mode: 'pessimistic_write' as const } };

/** Shipments in the caller's transaction; `for update` variants lock the row until commit. */
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

  /** Tender ids are `<shipmentId>:tender:<n>`: the shipment is found without another index. */
  async getByTender(tx: EntityManager, tenderId: string): Promise<ShipmentEntity> {
    const [shipmentId] = tenderId.split(':tender:');
    const row = await this.find(tx, shipmentId, true);
    if (!row || !row.state.tenders.some((t) => t.tenderId === tenderId)) {
      throw notFound('TENDER', tenderId);
    }
    return row;
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
