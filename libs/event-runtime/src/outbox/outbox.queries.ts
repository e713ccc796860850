import type { Client } from 'pg';

export interface PendingRow {
  id: string;
  topic: string;
  key: string;
  headers: Record<string, string>;
  payload: Buffer;
}

/** Every message of a partition below `offset` was published from this database's state. */
export interface KnownPosition {
  topic: string;
  partition: number;
  offset: string;
}

/**
 * Deletes the rows already sent and reads the next ones in id order, in one statement: the
 * relay's steady state is one round trip per wake-up. The table holds only rows the broker has
 * not acknowledged yet (and, for at most the relay's linger, the last batch it has); the topic
 * is the history. Only the lock holder publishes, so no row locks are needed; a row whose
 * transaction commits late (lower id, later commit) is simply read next round.
 *
 * The same statement records how far the sent rows reached on their topics
 * (`published_position`, for recovery after a restore) and drops, unsent, every row whose event
 * is already on its topic from a later state of this database (`adopted_event`, filled by
 * OwnTopicRecovery): a replay after a restore re-derives such events with the same ids, and the
 * outside world must not see them twice.
 *
 * The SELECT sees the snapshot taken before the DELETEs, hence the explicit exclusions.
 */
export async function deleteSentAndClaim(
  client: Client,
  sentIds: string[],
  known: KnownPosition[],
  limit: number,
): Promise<PendingRow[]> {
  const { rows } = await client.query<PendingRow>(
    `WITH sent AS (DELETE FROM outbox_message WHERE id = ANY($1::bigint[])),
     ${recordKnown(3)},
     adopted AS (DELETE FROM outbox_message o USING adopted_event a WHERE a.event_id = o.event_id)
     SELECT id, topic, key, headers, payload FROM outbox_message o
     WHERE id <> ALL($1::bigint[])
       AND NOT EXISTS (SELECT FROM adopted_event a WHERE a.event_id = o.event_id)
     ORDER BY id LIMIT $2`,
    [sentIds, limit, ...knownColumns(known)],
  );
  return rows;
}

export async function deleteSent(
  client: Client,
  sentIds: string[],
  known: KnownPosition[],
): Promise<void> {
  await client.query(
    `WITH sent AS (DELETE FROM outbox_message WHERE id = ANY($1::bigint[])), ${recordKnown(2)}
     SELECT 1`,
    [sentIds, ...knownColumns(known)],
  );
}

/** The CTE member recording known positions, its three arrays from parameter $first on. */
const recordKnown = (first: number) => `known AS (
       INSERT INTO published_position (topic, partition, known_offset)
       SELECT * FROM unnest($${first}::text[], $${first + 1}::int[], $${first + 2}::bigint[])
       ON CONFLICT (topic, partition) DO UPDATE
         SET known_offset = GREATEST(published_position.known_offset, excluded.known_offset))`;

function knownColumns(known: KnownPosition[]): unknown[] {
  return [known.map((k) => k.topic), known.map((k) => k.partition), known.map((k) => k.offset)];
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
