import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The runtime's own tables, added to each service's migration list. Every service database
 * gets its own copy: services never share tables.
 */
export class EventRuntimeTables1764115200000 implements MigrationInterface {
  name = 'EventRuntimeTables1764115200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox_message (
        id bigserial PRIMARY KEY,
        topic text NOT NULL,
        key text NOT NULL,
        event_type text NOT NULL,
        event_id uuid NOT NULL UNIQUE,
        headers jsonb NOT NULL,
        payload bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await q.query(
      'CREATE INDEX outbox_message_unpublished ON outbox_message (id) WHERE published_at IS NULL',
    );
    await q.query('CREATE INDEX outbox_message_published_at ON outbox_message (published_at)');
    // One notification per inserting statement, delivered when the transaction commits:
    // the relay wakes exactly when there is something new to publish.
    await q.query(`
      CREATE FUNCTION outbox_message_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('outbox_message', ''); RETURN NULL; END $$`);
    await q.query(`
      CREATE TRIGGER outbox_message_inserted AFTER INSERT ON outbox_message
      FOR EACH STATEMENT EXECUTE FUNCTION outbox_message_notify()`);
    await q.query(`
      CREATE TABLE processed_event (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        topic text NOT NULL,
        partition integer NOT NULL,
        "offset" bigint NOT NULL,
        outcome text NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
    await q.query(`
      CREATE TABLE parked_event (
        id bigserial PRIMARY KEY,
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        awaiting_event_type text NOT NULL,
        awaiting_key text NOT NULL,
        topic text NOT NULL,
        partition integer NOT NULL,
        "offset" bigint NOT NULL,
        key text,
        headers jsonb NOT NULL,
        payload bytea NOT NULL,
        reason text NOT NULL,
        attempts integer NOT NULL DEFAULT 1,
        parked_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (consumer, event_id)
      )`);
    await q.query(
      'CREATE INDEX parked_event_awaiting ON parked_event (consumer, awaiting_event_type, awaiting_key)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE parked_event');
    await q.query('DROP TABLE processed_event');
    await q.query('DROP TRIGGER outbox_message_inserted ON outbox_message');
    await q.query('DROP FUNCTION outbox_message_notify()');
    await q.query('DROP TABLE outbox_message');
  }
}
