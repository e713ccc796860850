import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `consumer_inbox`: what a service's consumer has recorded as handled (applied or
 * dead-lettered), for the tools that check it (the chaos run's no-loss check, the rebuild's
 * counts). It is `processed_event` unless a service whose own table is its inbox (a set handler
 * with ownInbox) redefines the view to add that table.
 */
export class ConsumerInboxView1796688000000 implements MigrationInterface {
  name = 'ConsumerInboxView1796688000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE VIEW consumer_inbox AS
         SELECT consumer, event_id::text AS event_id, event_type, outcome FROM processed_event`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP VIEW consumer_inbox');
  }
}
