import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A stand-in for a service's state: one row per applied event, and a counter per order. */
export class TestEffects1764115300000 implements MigrationInterface {
  name = 'TestEffects1764115300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE effect (
      id bigserial PRIMARY KEY,
      event_id uuid NOT NULL,
      event_type text NOT NULL,
      order_id text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(
      `CREATE TABLE order_counter (order_id text PRIMARY KEY, applied integer NOT NULL)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE effect');
    await q.query('DROP TABLE order_counter');
  }
}
