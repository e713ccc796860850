import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a service's database knows about its own topics, for recovery after a restore:
 * `published_position` holds, per partition of a topic the service writes, an offset below which
 * every message is known to this database (the relay records it as the broker acknowledges its
 * sends: the state behind those events committed before they were sent). A restored database
 * has older positions than the topic's end: what lies between was published by a later state of
 * this database. `adopted_event` lists those events: the relay never publishes one of these ids
 * again, whatever a replay re-derives.
 */
export class OwnTopicPositions1796688200000 implements MigrationInterface {
  name = 'OwnTopicPositions1796688200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE published_position (
        topic text NOT NULL,
        partition integer NOT NULL,
        known_offset bigint NOT NULL,
        PRIMARY KEY (topic, partition)
      )`);
    await q.query(`
      CREATE TABLE adopted_event (
        event_id uuid PRIMARY KEY,
        event_type text NOT NULL,
        topic text NOT NULL,
        partition integer NOT NULL,
        "offset" bigint NOT NULL,
        adopted_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE adopted_event, published_position');
  }
}
