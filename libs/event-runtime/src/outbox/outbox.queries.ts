import type { Client } from 'pg';

export interface PendingRow {
  id: string;
  topic: string;
  key: string;
  headers: Record<string, string>;
  payload: Buffer;
}

/**
 * Deletes the rows already sent and reads the next ones in id order, in one statement: the
 * relay's steady state is one round trip per wake-up. The table holds only rows the broker has
 * not acknowledged yet (and, for at most the relay's linger, the last batch it has); the topic
 * is the history. Only the lock holder publishes, so no row locks are needed; a row whose
 * transaction commits late (lower id, later commit) is simply read next round.
 *
 * The SELECT sees the snapshot taken before the DELETE, hence the explicit exclusion.
 */
export async function deleteSentAndClaim(
  client: Client,
  sentIds: string[],
  limit: number,
): Promise<PendingRow[]> {
  const { rows } = await client.query<PendingRow>(
    `WITH sent AS (DELETE FROM outbox_message WHERE id = ANY($1::bigint[]))
     SELECT id, topic, key, headers, payload FROM outbox_message
     WHERE id <> ALL($1::bigint[]) ORDER BY id LIMIT $2`,
    [sentIds, limit],
  );
  return rows;
}

export async function deleteSent(client: Client, sentIds: string[]): Promise<void> {
  await client.query('DELETE FROM outbox_message WHERE id = ANY($1::bigint[])', [sentIds]);
}

/** What waits for the relay: every row but those it sent and has not deleted yet. */
export async function outboxStats(
  client: Client,
  sentIds: string[],
): Promise<{ backlog: number; oldestAgeSeconds: number }> {
  const { rows } = await client.query(
    `SELECT count(*)::int AS backlog,
            COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float AS age
     FROM outbox_message WHERE id <> ALL($1::bigint[])`,
    [sentIds],
  );
  return { backlog: rows[0].backlog, oldestAgeSeconds: rows[0].age };
}
