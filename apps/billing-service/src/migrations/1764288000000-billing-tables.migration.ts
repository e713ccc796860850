import { idempotencyKeyTableSql } from '@logisync/http-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class BillingTables1764288000000 implements MigrationInterface {
  name = 'BillingTables1764288000000';

  async up(q: QueryRunner): Promise<void> {
    // Everything billing knows of one order (the domain's BillingCase), one row per order.
    await q.query(`
      CREATE TABLE billing_case (
        order_id text PRIMARY KEY,
        state jsonb NOT NULL,
        has_order boolean NOT NULL DEFAULT false,
        delivered boolean NOT NULL DEFAULT false,
        cancelled boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The one invoice of an order: the unique order_id is the business key.
    await q.query(`
      CREATE TABLE invoice (
        id uuid PRIMARY KEY,
        order_id text NOT NULL UNIQUE,
        customer_id text NOT NULL,
        tenant text NOT NULL,
        region text NOT NULL,
        currency char(3) NOT NULL,
        status text NOT NULL,
        holds text[] NOT NULL DEFAULT '{}',
        invoice_number text UNIQUE,
        lines jsonb,
        subtotal_minor bigint,
        freight_minor bigint,
        tax_rate_bp integer,
        tax_minor bigint,
        total_minor bigint,
        issued_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX invoice_listing ON invoice (created_at, id)`);
    await q.query(`CREATE INDEX invoice_by_status ON invoice (status, created_at)`);
    await q.query(`
      CREATE TABLE freight_charge (
        order_id text PRIMARY KEY,
        event_id uuid NOT NULL,
        shipment_id text NOT NULL,
        carrier_id text NOT NULL,
        amount_minor bigint NOT NULL,
        currency char(3) NOT NULL,
        confirmed_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE invoice_hold (
        id bigserial PRIMARY KEY,
        order_id text NOT NULL,
        reason text NOT NULL,
        detail text,
        placed_by text NOT NULL,
        placed_at timestamptz NOT NULL,
        released_by text,
        released_at timestamptz
      )`);
    await q.query(`CREATE INDEX invoice_hold_by_order ON invoice_hold (order_id, id)`);
    // Gapless numbering: one counter row per series and year, locked by the issuing transaction.
    await q.query(`
      CREATE TABLE invoice_number_counter (
        series text NOT NULL,
        year integer NOT NULL,
        last_sequence integer NOT NULL,
        PRIMARY KEY (series, year)
      )`);
    // A scheduled run owns its slot: a second instance cannot run the same slot again.
    await q.query(`
      CREATE TABLE reconciliation_run (
        id uuid PRIMARY KEY,
        trigger text NOT NULL,
        slot timestamptz UNIQUE,
        status text NOT NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        mismatch_count integer,
        report jsonb
      )`);
    await q.query(`CREATE INDEX reconciliation_run_listing ON reconciliation_run (started_at, id)`);
    await q.query(idempotencyKeyTableSql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'idempotency_key',
      'reconciliation_run',
      'invoice_number_counter',
      'invoice_hold',
      'freight_charge',
      'invoice',
      'billing_case',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
