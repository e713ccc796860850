import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The inbox's retention job deletes `processed_event` rows older than the dedupe horizon in
 * small batches by `processed_at`. The index is written once per row (the column is set on
 * insert and never updated) and always at its right-hand end, so it costs the hot insert little.
 */
export class ProcessedEventRetention1796601700000 implements MigrationInterface {
  name = 'ProcessedEventRetention1796601700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX processed_event_processed_at ON processed_event (processed_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX processed_event_processed_at');
  }
}
