import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The confirmed freight of an order: the one that counts (the latest), with its carrier. */
export interface FreightChargeRow {
  orderId: string;
  eventId: string;
  shipmentId: string;
  carrierId: string;
  amountMinor: number;
  currency: string;
  confirmedAt: Date;
}

@Injectable()
export class FreightChargeRepository {
  /** One row per order, written for a whole set in one statement. */
  async upsertAll(tx: EntityManager, charges: readonly FreightChargeRow[]): Promise<void> {
    if (charges.length === 0) return;
    const rows = charges.map((c) => ({
      order_id: c.orderId,
      event_id: c.eventId,
      shipment_id: c.shipmentId,
      carrier_id: c.carrierId,
      amount_minor: c.amountMinor,
      currency: c.currency,
      confirmed_at: c.confirmedAt,
    }));
    await tx.query(
      `INSERT INTO freight_charge
         (order_id, event_id, shipment_id, carrier_id, amount_minor, currency, confirmed_at)
       SELECT order_id, event_id, shipment_id, carrier_id, amount_minor, currency, confirmed_at
       FROM jsonb_to_recordset($1::jsonb) AS r(order_id text, event_id uuid, shipment_id text,
         carrier_id text, amount_minor bigint, currency char(3), confirmed_at timestamptz)
       ON CONFLICT (order_id) DO UPDATE SET event_id = EXCLUDED.event_id,
         shipment_id = EXCLUDED.shipment_id, carrier_id = EXCLUDED.carrier_id,
         amount_minor = EXCLUDED.amount_minor, currency = EXCLUDED.currency,
         confirmed_at = EXCLUDED.confirmed_at`,
      [JSON.stringify(rows)],
    );
  }
}
