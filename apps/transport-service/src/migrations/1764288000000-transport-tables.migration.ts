import { idempotencyKeyTableSql } from '@logisync/http-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TransportTables1764288000000 implements MigrationInterface {
  name = 'TransportTables1764288000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE carrier (
        id text PRIMARY KEY,
        name text NOT NULL,
        modes text[] NOT NULL,
        webhook_secret text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE lane (
        id uuid PRIMARY KEY,
        origin_region text NOT NULL,
        destination_country char(2) NOT NULL,
        carrier_id text NOT NULL REFERENCES carrier (id),
        priority integer NOT NULL,
        rate_per_kg_minor bigint NOT NULL CHECK (rate_per_kg_minor >= 0),
        currency char(3) NOT NULL,
        transit_days integer NOT NULL CHECK (transit_days >= 0),
        tender_timeout_seconds integer NOT NULL CHECK (tender_timeout_seconds > 0),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX lane_by_route ON lane (origin_region, destination_country)`);
    await q.query(`
      CREATE TABLE order_destination (
        order_id text PRIMARY KEY,
        region text NOT NULL,
        tenant text NOT NULL,
        ship_to jsonb NOT NULL,
        released_event_id uuid NOT NULL,
        cancelled_at timestamptz,
        cancel_reason text
      )`);
    await q.query(`
      CREATE TABLE shipment (
        id uuid PRIMARY KEY,
        order_id text NOT NULL UNIQUE,
        status text NOT NULL,
        tracking_number text UNIQUE,
        open_tender_expires_at timestamptz,
        warehouse_id text NOT NULL,
        mode text NOT NULL,
        total_volume_cm3 bigint NOT NULL,
        package_count integer NOT NULL,
        destination jsonb NOT NULL,
        region text NOT NULL,
        tenant text NOT NULL,
        state jsonb NOT NULL,
        published jsonb NOT NULL DEFAULT '{}',
        reports_by_event_id jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        version integer NOT NULL
      )`);
    // The sweeper's query: open tenders by expiry.
    await q.query(
      `CREATE INDEX shipment_open_tender_expiry ON shipment (open_tender_expires_at)
       WHERE open_tender_expires_at IS NOT NULL`,
    );
    await q.query(idempotencyKeyTableSql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['idempotency_key', 'shipment', 'order_destination', 'lane', 'carrier']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
