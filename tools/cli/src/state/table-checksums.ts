import type { Client } from 'pg';

/** The runtime's bookkeeping, not the service's state: replays and rebuilds differ there by design. */
export const bookkeepingTables = [
  'processed_event',
  'outbox_message',
  'parked_event',
  'migrations',
  // Where this database's sends reached on its own topics, and what a recovery adopted.
  'published_position',
  'adopted_event',
];

export interface TableChecksum {
  table: string;
  rows: number;
  /** md5 over the sorted md5s of every row as JSON, without the ignored columns. */
  checksum: string;
}

/** Row counts and order-independent checksums of every table of the public schema. */
export async function tableChecksums(
  client: Client,
  { ignoreColumns = [] as string[], ignoreTables = bookkeepingTables } = {},
): Promise<TableChecksum[]> {
  const { rows: tables } = await client.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const result: TableChecksum[] = [];
  for (const { name } of tables.filter((t) => !ignoreTables.includes(t.name))) {
    const { rows } = await client.query<{ rows: string; checksum: string }>(
      `SELECT count(*)::bigint AS rows, md5(coalesce(string_agg(h, ',' ORDER BY h), '')) AS checksum
         FROM (SELECT md5((to_jsonb(t) - $1::text[])::text) AS h FROM "${name.replace(/"/g, '""')}" t) s`,
      [ignoreColumns],
    );
    result.push({ table: name, rows: Number(rows[0].rows), checksum: rows[0].checksum });
  }
  return result;
}
