import { Client } from 'pg';
import { stackEndpoints } from './stack-endpoints';
import { uniqueName } from './unique-name';

export interface FreshDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Creates an empty database for one test file on the shared server and drops it afterwards. */
export async function freshDatabase(
  prefix = 'test',
  serverUrl = stackEndpoints.databaseUrl,
): Promise<FreshDatabase> {
  const name = uniqueName(prefix);
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: withDatabase(serverUrl, name),
    async drop() {
      const client = new Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
