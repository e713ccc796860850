import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase, waitFor, type FreshDatabase } from '@logisync/test-kit';
import type { DataSource } from 'typeorm';
import {
  OutboxRelay,
  OutboxWriter,
  OwnTopicRecovery,
  silentLogger,
  type OutboxEntry,
  type SetEvent,
} from '../src';
import { orderEvent } from './support/order-events';
import { unpublished } from './support/outbox-fill';
import {
  createRuntimeFixture,
  openDataSource,
  type RuntimeFixture,
} from './support/runtime-fixture';

/**
 * The incident drill at the runtime's level, with a real backup: a service's database is dumped,
 * more events are published, the dump is restored into a new database, and the events after the
 * backup are derived again with the same ids (as a replay of the inputs re-derives them). The
 * recovery must adopt what the topic holds past the restored positions, and the relay must then
 * publish none of the re-derived events: the topic ends where it ended before the restore.
 */
describe('own-topic recovery after a restore', () => {
  let fixture: RuntimeFixture;
  let restored: FreshDatabase;
  let restoredSource: DataSource;
  let topic: string;
  let writer: OutboxWriter;
  const dumpDir = mkdtempSync(join(tmpdir(), 'logisync-restore-'));

  beforeAll(async () => {
    fixture = await createRuntimeFixture('own-topic', ['order.milestones.v1']);
    topic = fixture.topic('order.milestones.v1');
    writer = new OutboxWriter(fixture.codec, 'order-service', fixture.topic);
  });

  afterAll(async () => {
    await restoredSource?.destroy();
    await restored?.drop();
    await fixture.close();
    rmSync(dumpDir, { recursive: true, force: true });
  });

  const relayOn = (databaseUrl: string) =>
    new OutboxRelay({
      service: 'order-service',
      databaseUrl,
      kafka: fixture.kafka,
      lockRetryMs: 200,
      pollIntervalMs: 200,
      logger: silentLogger,
    });

  function entries(prefix: string): OutboxEntry[] {
    return Array.from({ length: 12 }, (_, i) => ({
      eventType: 'OrderHeld' as const,
      event: orderEvent('OrderHeld', `${prefix}-${i % 4}`),
    }));
  }

  async function publish(ds: DataSource, batch: OutboxEntry[]) {
    for (let i = 0; i < batch.length; i += 3) {
      await ds.transaction((tx) => writer.addAll(tx, batch.slice(i, i + 3)));
    }
    await waitFor(async () => (await unpublished(ds)) === 0, { description: 'outbox drained' });
  }

  async function topicEnd(): Promise<number> {
    const offsets = await fixture.admin.fetchTopicOffsets(topic);
    return offsets.reduce((n, o) => n + Number(o.high), 0);
  }

  const idsOf = (batch: OutboxEntry[]) =>
    batch.map((e) => (e.event as { meta: { eventId: string } }).meta.eventId);

  it('adopts what was published after the backup and never publishes it again', async () => {
    const beforeBackup = entries('before');
    const afterBackup = entries('after');
    const relay = relayOn(fixture.db.url);
    relay.start();
    try {
      await publish(fixture.dataSource, beforeBackup);
      execFileSync('pg_dump', ['-Fc', '-f', join(dumpDir, 'db.dump'), fixture.db.url]);
      await publish(fixture.dataSource, afterBackup);
    } finally {
      await relay.stop();
    }
    const end = await topicEnd();
    expect(end).toBe(24);

    restored = await freshDatabase('own-topic-restored');
    execFileSync('pg_restore', ['--no-owner', '-d', restored.url, join(dumpDir, 'db.dump')]);
    restoredSource = await openDataSource(restored.url);
    // The replay derives the events after the backup again, with the same ids.
    for (let i = 0; i < afterBackup.length; i += 3) {
      await restoredSource.transaction((tx) => writer.addAll(tx, afterBackup.slice(i, i + 3)));
    }

    const adopted: string[] = [];
    const recovery = new OwnTopicRecovery({
      service: 'order-service',
      kafka: fixture.kafka,
      dataSource: restoredSource,
      codec: fixture.codec,
      topics: [topic],
      adopt: async (events: readonly SetEvent<never>[]) => {
        adopted.push(...events.map((e) => e.envelope.eventId));
      },
    });
    const report = await recovery.ready();
    expect(report.gaps.length).toBeGreaterThan(0);
    // Everything after the backup, and at most the tail of what came before it (the recorded
    // bound is the first message of the relay's last batch).
    expect(adopted).toEqual(expect.arrayContaining(idsOf(afterBackup)));
    expect(idsOf([...beforeBackup, ...afterBackup])).toEqual(expect.arrayContaining(adopted));
    expect(report.adopted).toBe(adopted.length);

    const relayAfter = relayOn(restored.url);
    relayAfter.start();
    try {
      await waitFor(async () => (await unpublished(restoredSource)) === 0, {
        description: 're-derived rows dropped',
      });
      expect(await topicEnd()).toBe(24);
      // What is new after the recovery is published as always.
      await publish(restoredSource, entries('new').slice(0, 3));
      expect(await topicEnd()).toBe(27);
    } finally {
      await relayAfter.stop();
    }

    const again = await new OwnTopicRecovery({
      service: 'order-service',
      kafka: fixture.kafka,
      dataSource: restoredSource,
      codec: fixture.codec,
      topics: [topic],
    }).ready();
    // Only the tail of the relay's last batch, never the adopted gap again.
    expect(again.adopted).toBeLessThanOrEqual(3);
  });

  it("takes a new database as new: the topics' ends become its positions, nothing adopted", async () => {
    // The topic holds the 27 events of the test above; this database has never published.
    const fresh = await freshDatabase('own-topic-fresh');
    const ds = await openDataSource(fresh.url);
    try {
      const recovery = (adoptIntoEmptyDatabase: boolean) =>
        new OwnTopicRecovery({
          service: 'order-service',
          kafka: fixture.kafka,
          dataSource: ds,
          codec: fixture.codec,
          topics: [topic],
          adoptIntoEmptyDatabase,
        });
      const first = await recovery(false).ready();
      expect(first).toMatchObject({ baseline: true, adopted: 0 });
      const rows: { n: number; reached: string }[] = await ds.query(
        'SELECT count(*)::int AS n, sum(known_offset)::text AS reached FROM published_position',
      );
      // Every partition, the empty ones too, at its end.
      expect(rows[0]).toEqual({ n: 6, reached: String(await topicEnd()) });
      expect((await recovery(false).ready()).gaps).toEqual([]);

      // A lost disk, said so: the whole topic is adopted.
      await ds.query('DELETE FROM published_position');
      const lost = await recovery(true).ready();
      expect(lost.baseline).toBe(false);
      expect(lost.adopted).toBe(await topicEnd());
    } finally {
      await ds.destroy();
      await fresh.drop();
    }
  });
});
