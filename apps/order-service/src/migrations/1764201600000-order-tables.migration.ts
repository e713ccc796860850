import { idempotencyKeyTableSql } from '@logisync/http-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OrderTables1764201600000 implements MigrationInterface {
  name = 'OrderTables1764201600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE customer (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        region text NOT NULL,
        credit_limit_minor bigint NOT NULL CHECK (credit_limit_minor >= 0),
        currency char(3) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE customer_order (
        id uuid PRIMARY KEY,
        customer_id uuid NOT NULL REFERENCES customer (id),
        channel text NOT NULL,
        currency char(3) NOT NULL,
        total_minor bigint NOT NULL,
        ship_to jsonb NOT NULL,
        requested_delivery_date timestamptz NOT NULL,
        priority text NOT NULL,
        region text NOT NULL,
        status text NOT NULL,
        progress text NOT NULL,
        cancel_reason text,
        cancelled_by text,
        cancelled_at timestamptz,
        invoice_id text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        version integer NOT NULL
      )`);
    await q.query(`CREATE INDEX customer_order_listing ON customer_order (created_at, id)`);
    await q.query(
      `CREATE INDEX customer_order_by_customer ON customer_order (customer_id, status)`,
    );
    await q.query(`
      CREATE TABLE order_line (
        order_id uuid NOT NULL REFERENCES customer_order (id),
        line_no integer NOT NULL,
        sku text NOT NULL,
        quantity integer NOT NULL CHECK (quantity > 0),
        unit_price_minor bigint NOT NULL CHECK (unit_price_minor >= 0),
        currency char(3) NOT NULL,
        PRIMARY KEY (order_id, line_no)
      )`);
    await q.query(`
      CREATE TABLE order_hold (
        order_id uuid NOT NULL REFERENCES customer_order (id),
        reason text NOT NULL,
        detail text,
        raised_at timestamptz NOT NULL,
        cleared_at timestamptz,
        PRIMARY KEY (order_id, reason)
      )`);
    await q.query(`
      CREATE TABLE order_timeline_entry (
        event_id uuid PRIMARY KEY,
        order_id uuid NOT NULL REFERENCES customer_order (id),
        event_type text NOT NULL,
        occurred_at timestamptz NOT NULL,
        producer text NOT NULL,
        received_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX order_timeline_by_order ON order_timeline_entry (order_id)`);
    await q.query(`
      CREATE TABLE order_exception (
        id uuid PRIMARY KEY,
        order_id uuid NOT NULL REFERENCES customer_order (id),
        type text NOT NULL,
        severity text NOT NULL,
        owner text NOT NULL,
        status text NOT NULL,
        details text NOT NULL,
        sla_due_at timestamptz NOT NULL,
        raised_at timestamptz NOT NULL,
        acknowledged_at timestamptz,
        resolved_at timestamptz,
        resolution text
      )`);
    await q.query(idempotencyKeyTableSql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'idempotency_key',
      'order_exception',
      'order_timeline_entry',
      'order_hold',
      'order_line',
      'customer_order',
      'customer',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
