import { Client } from 'pg';
import { freshDatabase } from '../src/fresh-database';

describe('freshDatabase', () => {
  it('creates an empty database of its own and drops it', async () => {
    const db = await freshDatabase('kit');
    const client = new Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query('SELECT current_database() AS name');
    await client.end();
    expect(rows[0].name).toBe(db.name);

    await db.drop();
    const probe = new Client({ connectionString: db.url });
    await expect(probe.connect()).rejects.toThrow(/does not exist/);
  });
});
