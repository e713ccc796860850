import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The control tower records milestones with a set handler whose event table is its inbox: an
 * event is in `ct_event` once, and `processed_event` keeps only the dead-lettered ones. The
 * runtime's `consumer_inbox` view shows both.
 */
export class EventTableIsInbox1796688100000 implements MigrationInterface {
  name = 'EventTableIsInbox1796688100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE OR REPLACE VIEW consumer_inbox AS
         SELECT consumer, event_id::text AS event_id, event_type, outcome FROM processed_event
         UNION ALL
         SELECT 'control-tower', event_id, event_type, 'applied' FROM ct_event`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE OR REPLACE VIEW consumer_inbox AS
         SELECT consumer, event_id::text AS event_id, event_type, outcome FROM processed_event`,
    );
  }
}
