import { randomUUID } from 'node:crypto';
import { InboxRetentionJob, recordInInbox, recordSetInInbox, type InboxRecord } from '../src';
import { createRuntimeFixture, type RuntimeFixture } from './support/runtime-fixture';

const consumer = 'billing-service';

function record(eventId: string = randomUUID()): InboxRecord {
  return {
    consumer,
    eventId,
    eventType: 'OrderReleased',
    topic: 'order.milestones.v1',
    partition: 0,
    offset: '0',
    outcome: 'applied',
  };
}

describe('the inbox retention', () => {
  let fixture: RuntimeFixture;

  beforeAll(async () => {
    fixture = await createRuntimeFixture('inbox-retention', []);
  });

  afterAll(() => fixture.close());

  /** Inbox rows written through the inbox itself, then dated `daysAgo` back. */
  async function processed(count: number, daysAgo: number): Promise<string[]> {
    const records = Array.from({ length: count }, () => record());
    await fixture.dataSource.transaction((tx) => recordSetInInbox(tx, consumer, records, []));
    const ids = records.map((r) => r.eventId);
    await fixture.dataSource.query(
      `UPDATE processed_event SET processed_at = now() - make_interval(days => $1)
       WHERE event_id = ANY($2::uuid[])`,
      [daysAgo, ids],
    );
    return ids;
  }

  async function stored(ids: string[]): Promise<number> {
    const rows: { n: number }[] = await fixture.dataSource.query(
      'SELECT count(*)::int AS n FROM processed_event WHERE event_id = ANY($1::uuid[])',
      [ids],
    );
    return rows[0].n;
  }

  const isNew = (eventId: string) =>
    fixture.dataSource.transaction((tx) => recordInInbox(tx, record(eventId)));

  it('deletes rows past the horizon in bounded batches and keeps the rest', async () => {
    const expired = await processed(23, 31);
    const withinHorizon = await processed(5, 29);
    const recent = await processed(5, 0);
    const job = new InboxRetentionJob({
      dataSource: fixture.dataSource,
      horizonDays: 30,
      batchSize: 10,
    });

    expect(await job.runOnce()).toBe(23);
    expect(await stored(expired)).toBe(0);
    expect(await stored([...withinHorizon, ...recent])).toBe(10);
    expect(await job.runOnce()).toBe(0);

    // Within the horizon a redelivery is still a duplicate; past it, the inbox has forgotten
    // the event and it would be applied again.
    expect(await isNew(withinHorizon[0])).toBe(false);
    expect(await isNew(recent[0])).toBe(false);
    expect(await isNew(expired[0])).toBe(true);
  });

  it('never waits on a row another transaction holds, and takes it on the next run', async () => {
    const [held, other] = await processed(2, 40);
    const runner = fixture.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query('SELECT 1 FROM processed_event WHERE event_id = $1 FOR UPDATE', [held]);
      const job = new InboxRetentionJob({ dataSource: fixture.dataSource, horizonDays: 30 });
      // A lock wait would hang here until the transaction ends, which comes after.
      expect(await job.runOnce()).toBe(1);
      expect(await stored([held, other])).toBe(1);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    const job = new InboxRetentionJob({ dataSource: fixture.dataSource, horizonDays: 30 });
    expect(await job.runOnce()).toBe(1);
    expect(await stored([held])).toBe(0);
  });

  it('finds the expired rows through the processed_at index, not by scanning the inbox', async () => {
    const runner = fixture.dataSource.createQueryRunner();
    await runner.connect();
    let plan: { 'QUERY PLAN': string }[];
    try {
      // The test's inbox is small enough for a scan to win; the plan must still be able to
      // use the index, which is what a large inbox needs.
      await runner.query('SET enable_seqscan = off');
      plan = await runner.query(
        `EXPLAIN SELECT ctid FROM processed_event
         WHERE processed_at < now() - make_interval(secs => 86400)
         ORDER BY processed_at LIMIT 10`,
      );
      await runner.query('RESET enable_seqscan');
    } finally {
      await runner.release();
    }
    expect(plan.map((p) => p['QUERY PLAN']).join('\n')).toMatch(/processed_event_processed_at/);
  });
});
