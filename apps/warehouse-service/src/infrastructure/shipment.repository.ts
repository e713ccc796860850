import { Injectable } from '@nestjs/common';
import { sqlParam } from '@logisync/http-kit';
import type { EntityManager } from 'typeorm';
import { ShipmentEntity } from './warehouse-order.entities';

/** A shipment as a command read it, with the row's version (its xmin) of the moment. */
export interface ReadShipment {
  shipment: ShipmentEntity;
  token: string;
}

const documentColumns = `shipment_id AS "shipmentId", order_id AS "orderId", status,
  carrier_id AS "carrierId", tracking_number AS "trackingNumber",
  pickup_start_at AS "pickupStartAt", pickup_end_at AS "pickupEndAt",
  updated_at AS "updatedAt", xmin::text AS token`;

/**
 * Shipments as transport announced them: planned, tender accepted, withdrawn, loaded. The
 * `...Sql` methods are parts of a command's one read and one write.
 */
@Injectable()
export class TypeOrmShipmentRepository {
  find(tx: EntityManager, shipmentId: string): Promise<ShipmentEntity | null> {
    return tx.findOne(ShipmentEntity, { where: { shipmentId } });
  }

  /** A part of a command's read: the shipment as one JSON document (ReadShipment). */
  documentSql(params: unknown[], shipmentId: string): string {
    return `(SELECT row_to_json(r) FROM (
      SELECT ${documentColumns} FROM shipment
      WHERE shipment_id = ${sqlParam(params, shipmentId)}) r)`;
  }

  /**
   * A part of an event set's read: the shipments of `shipmentIds` that exist, locked in id
   * order, as a JSON array of documents (restore each).
   */
  lockedDocumentsSql(params: unknown[], shipmentIds: readonly string[]): string {
    return `(SELECT coalesce(json_agg(r), '[]'::json) FROM (
      SELECT ${documentColumns} FROM shipment
      WHERE shipment_id = ANY(${sqlParam(params, shipmentIds)}::text[])
      ORDER BY shipment_id FOR UPDATE) r)`;
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

  /** A WITH member `shipments_written`: the shipments as an event set left them. */
  upsertSql(params: unknown[], shipments: readonly ShipmentEntity[]): string {
    const rows = shipments.map((s) => ({
      shipment_id: s.shipmentId,
      order_id: s.orderId,
      status: s.status,
      carrier_id: s.carrierId,
      tracking_number: s.trackingNumber,
      pickup_start_at: s.pickupStartAt,
      pickup_end_at: s.pickupEndAt,
      updated_at: s.updatedAt,
    }));
    return `shipments_written AS (
      INSERT INTO shipment (shipment_id, order_id, status, carrier_id, tracking_number,
        pickup_start_at, pickup_end_at, updated_at)
      SELECT * FROM jsonb_to_recordset(${sqlParam(params, JSON.stringify(rows))}::jsonb)
        AS s(shipment_id text, order_id uuid, status text, carrier_id text,
          tracking_number text, pickup_start_at timestamptz, pickup_end_at timestamptz,
          updated_at timestamptz)
      ON CONFLICT (shipment_id) DO UPDATE SET order_id = excluded.order_id,
        status = excluded.status, carrier_id = excluded.carrier_id,
        tracking_number = excluded.tracking_number, pickup_start_at = excluded.pickup_start_at,
        pickup_end_at = excluded.pickup_end_at, updated_at = excluded.updated_at)`;
  }
}
