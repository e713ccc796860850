import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The control tower's read model: orders, every milestone, exceptions and SLA breaches. */
export class ReadModel1764374400000 implements MigrationInterface {
  name = 'ReadModel1764374400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ct_order (
        order_id text PRIMARY KEY,
        status text NOT NULL,
        stage text NOT NULL,
        cancelled boolean NOT NULL,
        tender text NOT NULL,
        holds text[] NOT NULL,
        released_at timestamptz,
        packed_at timestamptz,
        loaded_at timestamptz,
        last_event_type text,
        last_event_at timestamptz,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX ct_order_by_status ON ct_order (status, updated_at)`);
    await q.query(`
      CREATE TABLE ct_event (
        event_id text PRIMARY KEY,
        order_id text NOT NULL,
        event_type text NOT NULL,
        producer text NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL,
        causation_id text,
        topic text NOT NULL,
        partition integer NOT NULL,
        "offset" bigint NOT NULL,
        traceparent text,
        detail text,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ct_event_by_order ON ct_event (order_id, occurred_at)`);
    await q.query(`
      CREATE TABLE ct_exception (
        exception_id text PRIMARY KEY,
        order_id text NOT NULL,
        type text NOT NULL,
        severity text NOT NULL,
        owner text NOT NULL,
        source_service text NOT NULL,
        sla_due_at timestamptz,
        details text NOT NULL,
        raised_at timestamptz NOT NULL,
        acknowledged_at timestamptz,
        resolved_at timestamptz,
        resolution text
      )`);
    await q.query(`CREATE INDEX ct_exception_open ON ct_exception (resolved_at, raised_at)`);
    await q.query(`
      CREATE TABLE ct_sla_breach (
        order_id text NOT NULL,
        rule_id text NOT NULL,
        due_at timestamptz NOT NULL,
        raised_at timestamptz NOT NULL,
        resolved_at timestamptz,
        PRIMARY KEY (order_id, rule_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ct_sla_breach, ct_exception, ct_event, ct_order`);
  }
}
