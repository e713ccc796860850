import { idempotencyKeyTableSql } from '@logisync/http-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class WarehouseTables1764288000000 implements MigrationInterface {
  name = 'WarehouseTables1764288000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE warehouse (
        id text PRIMARY KEY,
        name text NOT NULL,
        region text NOT NULL,
        country char(2) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE sku (
        sku text PRIMARY KEY,
        description text NOT NULL,
        weight_grams integer NOT NULL CHECK (weight_grams > 0),
        length_mm integer NOT NULL CHECK (length_mm > 0),
        width_mm integer NOT NULL CHECK (width_mm > 0),
        height_mm integer NOT NULL CHECK (height_mm > 0),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The conservation invariant is checked by the database too: a bug cannot commit it broken.
    await q.query(`
      CREATE TABLE inventory_position (
        warehouse_id text NOT NULL REFERENCES warehouse (id),
        sku text NOT NULL REFERENCES sku (sku),
        on_hand integer NOT NULL CHECK (on_hand >= 0),
        allocated integer NOT NULL CHECK (allocated >= 0 AND allocated <= on_hand),
        received integer NOT NULL CHECK (received >= 0),
        shipped integer NOT NULL CHECK (shipped >= 0),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (warehouse_id, sku),
        CHECK (on_hand + shipped = received)
      )`);
    await q.query(`CREATE INDEX inventory_position_by_sku ON inventory_position (sku)`);
    await q.query(`
      CREATE TABLE inventory_receipt (
        id uuid PRIMARY KEY,
        warehouse_id text NOT NULL REFERENCES warehouse (id),
        reference text NOT NULL,
        lines jsonb NOT NULL,
        received_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE warehouse_order (
        order_id uuid PRIMARY KEY,
        tenant text NOT NULL,
        region text NOT NULL,
        priority text NOT NULL,
        lines jsonb NOT NULL,
        status text NOT NULL,
        allocation_id uuid,
        warehouse_id text REFERENCES warehouse (id),
        allocated_lines jsonb,
        picked jsonb,
        short_picked boolean NOT NULL DEFAULT false,
        packages jsonb,
        shipment_id text,
        carrier_id text,
        tracking_number text,
        cancel_reason text,
        backordered_at timestamptz,
        skipped_passes integer NOT NULL DEFAULT 0,
        held_passes integer NOT NULL DEFAULT 0,
        released_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX warehouse_order_backorders ON warehouse_order (order_id) WHERE status = 'BACKORDERED'`,
    );
    await q.query(`
      CREATE TABLE shipment (
        shipment_id text PRIMARY KEY,
        order_id uuid NOT NULL,
        status text NOT NULL,
        carrier_id text,
        tracking_number text,
        pickup_start_at timestamptz,
        pickup_end_at timestamptz,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX shipment_by_order ON shipment (order_id)`);
    await q.query(`
      CREATE TABLE warehouse_exception (
        id uuid PRIMARY KEY,
        order_id uuid NOT NULL,
        type text NOT NULL,
        severity text NOT NULL,
        owner text NOT NULL,
        status text NOT NULL,
        details text NOT NULL,
        sla_due_at timestamptz NOT NULL,
        raised_at timestamptz NOT NULL,
        resolved_at timestamptz,
        resolution text
      )`);
    await q.query(`CREATE INDEX warehouse_exception_by_order ON warehouse_exception (order_id)`);
    await q.query(idempotencyKeyTableSql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'idempotency_key',
      'warehouse_exception',
      'shipment',
      'warehouse_order',
      'inventory_receipt',
      'inventory_position',
      'sku',
      'warehouse',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
