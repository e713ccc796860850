import type { DataSource } from 'typeorm';

/**
 * Deletes at most `limit` inbox rows processed before `horizonSeconds` ago, oldest first, in one
 * short transaction of its own. SKIP LOCKED: two instances of a service running the job at
 * once share the rows instead of waiting on each other, and a row a re-drive is deleting is
 * left to it. Returns how many rows went.
 */
export async function deleteExpiredInboxRows(
  dataSource: DataSource,
  horizonSeconds: number,
  limit: number,
): Promise<number> {
  const rows: { n: number }[] = await dataSource.query(
    `WITH expired AS (
       DELETE FROM processed_event WHERE ctid = ANY(ARRAY(
         SELECT ctid FROM processed_event
         WHERE processed_at < now() - make_interval(secs => $1)
         ORDER BY processed_at LIMIT $2 FOR UPDATE SKIP LOCKED))
       RETURNING 1)
     SELECT count(*)::int AS n FROM expired`,
    [horizonSeconds, limit],
  );
  return rows[0].n;
}
