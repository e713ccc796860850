import { freshDatabase, type FreshDatabase } from '@logisync/test-kit';
import { DataSource } from 'typeorm';
import { eventRuntimeMigrations } from '../src';
import { EventRuntimeTables1764115200000 } from '../src/persistence';

/** A database deployed with the first migration only, then upgraded: what deployed ones run. */
describe('the runtime migrations on a deployed database', () => {
  let db: FreshDatabase;

  beforeAll(async () => {
    db = await freshDatabase('runtime-migrations');
  });

  afterAll(() => db.drop());

  async function migrate(migrations: (typeof eventRuntimeMigrations)[number][]) {
    const dataSource = new DataSource({ type: 'postgres', url: db.url, migrations });
    await dataSource.initialize();
    await dataSource.runMigrations();
    return dataSource;
  }

  it('deletes the published outbox rows, keeps the pending ones and their wake-up, and indexes the inbox by age', async () => {
    const deployed = await migrate([EventRuntimeTables1764115200000]);
    const row = (eventId: string, publishedAt: string | null) =>
      deployed.query(
        `INSERT INTO outbox_message (topic, key, event_type, event_id, headers, payload, published_at)
         VALUES ('t', 'k', 'OrderHeld', $1, '{}', '\\x00', $2)`,
        [eventId, publishedAt],
      );
    await row('00000000-0000-4000-8000-000000000001', '2026-12-01T00:00:00Z');
    await row('00000000-0000-4000-8000-000000000002', null);
    await deployed.destroy();

    const upgraded = await migrate(eventRuntimeMigrations);
    try {
      const rows: { event_id: string }[] = await upgraded.query(
        'SELECT event_id FROM outbox_message',
      );
      expect(rows.map((r) => r.event_id)).toEqual(['00000000-0000-4000-8000-000000000002']);
      const indexes: { indexname: string }[] = await upgraded.query(
        `SELECT indexname FROM pg_indexes
         WHERE tablename IN ('outbox_message', 'processed_event') ORDER BY indexname`,
      );
      expect(indexes.map((i) => i.indexname)).toEqual([
        'outbox_message_event_id_key',
        'outbox_message_pkey',
        'processed_event_pkey',
        'processed_event_processed_at',
      ]);
      // Whatever statement inserts, the commit still wakes the relay.
      const triggers: { tgname: string }[] = await upgraded.query(
        `SELECT tgname FROM pg_trigger WHERE tgrelid = 'outbox_message'::regclass AND NOT tgisinternal`,
      );
      expect(triggers.map((t) => t.tgname)).toEqual(['outbox_message_inserted']);
    } finally {
      await upgraded.destroy();
    }
  });
});
