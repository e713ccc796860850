import { Client } from 'pg';
import { deleteSent, deleteSentAndClaim, outboxStats } from '../src/outbox/outbox.queries';
import { fillOutbox } from './support/outbox-fill';
import { createRuntimeFixture, type RuntimeFixture } from './support/runtime-fixture';

describe('the relay statements', () => {
  let fixture: RuntimeFixture;
  let client: Client;

  beforeAll(async () => {
    fixture = await createRuntimeFixture('outbox-queries', ['order.milestones.v1']);
    client = new Client({ connectionString: fixture.db.url });
    await client.connect();
  });

  afterAll(async () => {
    await client.end();
    await fixture.close();
  });

  it('deletes the sent rows and reads the next ones in id order, in one statement', async () => {
    await fillOutbox(fixture, { orders: ['o-1', 'o-2'], transactions: 2, perTransaction: 3 });
    const first = await deleteSentAndClaim(client, [], [], 4);
    expect(first).toHaveLength(4);
    const ids = first.map((r) => BigInt(r.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : 1)));

    const sent = first.map((r) => r.id);
    // The statement's SELECT sees the rows its own DELETE removes: they must not come back.
    const next = await deleteSentAndClaim(client, sent, [], 4);
    expect(next.map((r) => r.id)).toHaveLength(2);
    expect(next.some((r) => sent.includes(r.id))).toBe(false);
    const { rows } = await client.query<{ id: string }>('SELECT id FROM outbox_message');
    expect(rows.map((r) => r.id).sort()).toEqual(next.map((r) => r.id).sort());
  });

  it('leaves the rows sent and not yet deleted out of the backlog', async () => {
    const { rows } = await client.query<{ id: string }>('SELECT id FROM outbox_message');
    expect(rows).toHaveLength(2);
    expect((await outboxStats(client, [])).backlog).toBe(2);
    expect((await outboxStats(client, [rows[0].id])).backlog).toBe(1);
    expect(
      await outboxStats(
        client,
        rows.map((r) => r.id),
      ),
    ).toEqual({
      backlog: 0,
      oldestAgeSeconds: 0,
    });
  });

  it('records how far the sends reached, never moving a position back', async () => {
    const at = (offset: string) => [{ topic: 'own.topic', partition: 2, offset }];
    await deleteSentAndClaim(client, [], at('41'), 1);
    await deleteSentAndClaim(client, [], at('17'), 1);
    await deleteSent(client, [], [...at('42'), { topic: 'own.topic', partition: 3, offset: '5' }]);
    const { rows } = await client.query(
      'SELECT partition, known_offset::text AS known FROM published_position ORDER BY partition',
    );
    expect(rows).toEqual([
      { partition: 2, known: '42' },
      { partition: 3, known: '5' },
    ]);
  });

  it('drops, unsent, every row whose event a recovery found on the topic already', async () => {
    await client.query('DELETE FROM outbox_message');
    await fillOutbox(fixture, { orders: ['o-3'], transactions: 1, perTransaction: 3 });
    const { rows: written } = await client.query<{ id: string; event_id: string }>(
      'SELECT id, event_id::text FROM outbox_message ORDER BY id',
    );
    await client.query(
      `INSERT INTO adopted_event (event_id, event_type, topic, partition, "offset")
       VALUES ($1, 'OrderHeld', 'own.topic', 0, 7)`,
      [written[1].event_id],
    );
    const claimed = await deleteSentAndClaim(client, [], [], 10);
    expect(claimed.map((r) => r.id)).toEqual([written[0].id, written[2].id]);
    const { rows: left } = await client.query<{ id: string }>('SELECT id FROM outbox_message');
    expect(left.map((r) => r.id).sort()).toEqual([written[0].id, written[2].id].sort());
  });
});
