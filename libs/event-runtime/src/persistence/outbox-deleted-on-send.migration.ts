import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The relay deletes a row once the broker has acknowledged it, instead of setting
 * `published_at` and purging days later: one write per row instead of an update (a new row
 * version and an entry in every index) plus a delete. The topic, kept forever, is the history.
 *
 * `published_at` stays, always NULL, so that statements naming it (an operator's query, a relay
 * of the previous release during a rolling upgrade) keep working. Rows that relay still marks
 * are sent once more by this one and deleted; consumers' inboxes drop the copies.
 */
export class OutboxDeletedOnSend1796601600000 implements MigrationInterface {
  name = 'OutboxDeletedOnSend1796601600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM outbox_message WHERE published_at IS NOT NULL');
    // Every row left is unpublished: the primary key orders the relay's read by itself, and no
    // index is kept on a column that the relay used to update for every row.
    await q.query('DROP INDEX outbox_message_published_at');
    await q.query('DROP INDEX outbox_message_unpublished');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX outbox_message_published_at ON outbox_message (published_at)');
    await q.query(
      'CREATE INDEX outbox_message_unpublished ON outbox_message (id) WHERE published_at IS NULL',
    );
  }
}
