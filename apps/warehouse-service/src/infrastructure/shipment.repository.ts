import { Injectable } from '@nestjs/common';
import { sqlParam } from '@logisync/http-kit';
import type { EntityManager } from 'typeorm';
import { ShipmentEntity } from './warehouse-order.entities';

/** A shipment as a command read it, with the row's version (its xmin) of the moment. */
export interface ReadShipment {
  shipment: ShipmentEntity;
  token: string;
}

/**
 * Shipments as transport announced them: planned, tender accepted, withdrawn, loaded. The
 * `...Sql` methods are parts of a command's one read and one write.
 */
@Injectable()
export class TypeOrmShipmentRepository {
  find(tx: EntityManager, shipmentId: string, lock = false): Promise<ShipmentEntity | null> {
    return tx.findOne(ShipmentEntity, {
      where: { shipmentId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  /** A part of a command's read: the shipment as one JSON document (ReadShipment). */
  documentSql(params: unknown[], shipmentId: string): string {
    return `(SELECT row_to_json(r) FROM (
      SELECT shipment_id AS "shipmentId", order_id AS "orderId", status,
        carrier_id AS "carrierId", tracking_number AS "trackingNumber",
        pickup_start_at AS "pickupStartAt", pickup_end_at AS "pickupEndAt",
        updated_at AS "updatedAt", xmin::text AS token
      FROM shipment WHERE shipment_id = ${sqlParam(params, shipmentId)}) r)`;
  }

  /** The id of the order a shipment carries, as a scalar subquery for the same read. */
  orderIdSql(params: unknown[], shipmentId: string): string {
    return `(SELECT order_id FROM shipment WHERE shipment_id = ${sqlParam(params, shipmentId)})`;
  }

  restore(document: unknown): ReadShipment | null {
    if (!document) return null;
    const { token, ...row } = document as ShipmentEntity & { token: string };
    const at = (value: Date | string | null) => (value === null ? null : new Date(value));
    return {
      token,
      shipment: {
        ...row,
        pickupStartAt: at(row.pickupStartAt),
        pickupEndAt: at(row.pickupEndAt),
        updatedAt: at(row.updatedAt)!,
      },
    };
  }

  /** A WITH member `shipment_written`: the new status, while the row is the version read. */
  guardedStatusSql(params: unknown[], read: ReadShipment, status: string): string {
    return `shipment_written AS (
      UPDATE shipment SET status = ${sqlParam(params, status)},
        updated_at = ${sqlParam(params, new Date())}
      WHERE shipment_id = ${sqlParam(params, read.shipment.shipmentId)}
        AND xmin = ${sqlParam(params, read.token)}::xid
      RETURNING shipment_id)`;
  }

  async save(tx: EntityManager, shipment: ShipmentEntity): Promise<void> {
    await tx.save(ShipmentEntity, { ...shipment, updatedAt: new Date() });
  }
}
