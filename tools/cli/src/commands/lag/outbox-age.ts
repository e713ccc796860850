import { withClient } from '../../db/pg';

export interface OutboxAge {
  backlog: number;
  /** Seconds since the oldest unpublished row was written; null when nothing waits. */
  oldestAgeSeconds: number | null;
}

/**
 * The service's own outbox: how many rows wait for the relay and for how long. The relay deletes
 * a row once the broker has it, so every row waits (the last send's rows stay for the relay's
 * linger, 100 ms, and are counted here).
 */
export function readOutboxAge(databaseUrl: string): Promise<OutboxAge> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ backlog: string; age: string | null }>(
      `SELECT count(*)::bigint AS backlog,
              extract(epoch FROM now() - min(created_at))::float8 AS age
         FROM outbox_message`,
    );
    const age = rows[0].age === null ? null : Math.round(Number(rows[0].age));
    return { backlog: Number(rows[0].backlog), oldestAgeSeconds: age };
  });
}
