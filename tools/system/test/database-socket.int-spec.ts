import { freshDatabase, type FreshDatabase } from '@logisync/test-kit';
import { Client } from 'pg';
import { viaLocalSocket } from '../database-socket';

/** The client's address as the server sees it: null over a Unix socket. */
async function clientAddress(url: string): Promise<string | null> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT inet_client_addr() AS address');
    return rows[0].address;
  } finally {
    await client.end();
  }
}

let db: FreshDatabase;
beforeAll(async () => (db = await freshDatabase('socket_url')));
afterAll(async () => db?.drop());

describe('viaLocalSocket against the real PostgreSQL', () => {
  it('gives a URL that reaches the same database through the Unix socket', async () => {
    const url = await viaLocalSocket(db.url, {});
    expect(url).toMatch(/[?&]host=/);
    expect(await clientAddress(db.url)).not.toBeNull();
    expect(await clientAddress(url)).toBeNull();
    const database = async (u: string) => {
      const c = new Client({ connectionString: u });
      await c.connect();
      const { rows } = await c.query('SELECT current_database() AS name');
      await c.end();
      return rows[0].name;
    };
    expect(await database(url)).toBe(await database(db.url));
  });

  it('keeps TCP when told to, and when the socket refuses the user', async () => {
    expect(await viaLocalSocket(db.url, { LOGISYNC_PG_SOCKET: 'off' })).toBe(db.url);
    const stranger = new URL(db.url);
    stranger.username = 'no_such_role_here';
    expect(await viaLocalSocket(stranger.toString(), {})).toBe(stranger.toString());
  });
});
