import type { Client } from 'pg';

export interface PendingRow {
  id: string;
  topic: string;
  key: string;
  headers: Record<string, string>;
  payload: Buffer;
}

/**
 * Unpublished rows in id order. Only the lock holder publishes, so no row locks are needed;
 * a row whose transaction commits late (lower id, later commit) is simply picked up next round.
 */
export async function claimPending(client: Client, limit: number): Promise<PendingRow[]> {
  const { rows } = await client.query<PendingRow>(
    `SELECT id, topic, key, headers, payload FROM outbox_message
     WHERE published_at IS NULL ORDER BY id LIMIT $1`,
    [limit],
  );
  return rows;
}

export async function markPublished(client: Client, ids: string[]): Promise<void> {
  await client.query(
    'UPDATE outbox_message SET published_at = now() WHERE id = ANY($1::bigint[])',
    [ids],
  );
}

export async function purgePublished(client: Client, retentionMs: number): Promise<number> {
  const result = await client.query(
    `DELETE FROM outbox_message
     WHERE published_at < now() - make_interval(secs => $1::double precision / 1000)`,
    [retentionMs],
  );
  return result.rowCount ?? 0;
}

export async function outboxStats(
  client: Client,
): Promise<{ backlog: number; oldestAgeSeconds: number }> {
  const { rows } = await client.query(
    `SELECT count(*)::int AS backlog,
            COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float AS age
     FROM outbox_message WHERE published_at IS NULL`,
  );
  return { backlog: rows[0].backlog, oldestAgeSeconds: rows[0].age };
}
