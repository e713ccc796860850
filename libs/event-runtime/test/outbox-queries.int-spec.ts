import { Client } from 'pg';
import { deleteSentAndClaim, outboxStats } from '../src/outbox/outbox.queries';
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
    const first = await deleteSentAndClaim(client, [], 4);
    expect(first).toHaveLength(4);
    const ids = first.map((r) => BigInt(r.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : 1)));

    const sent = first.map((r) => r.id);
    // The statement's SELECT sees the rows its own DELETE removes: they must not come back.
    const next = await deleteSentAndClaim(client, sent, 4);
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
});
