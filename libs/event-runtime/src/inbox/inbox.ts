import type { EntityManager } from 'typeorm';

export type InboxOutcome = 'applied' | 'dead_lettered';

export interface InboxRecord {
  consumer: string;
  eventId: string;
  eventType: string;
  topic: string;
  partition: number;
  offset: string;
  outcome: InboxOutcome;
}

/**
 * Records that `consumer` handled `eventId`, in the handler's transaction. Returns false when
 * it was handled before: the caller skips it. ON CONFLICT keeps the transaction usable, where a
 * unique violation would abort it.
 */
export async function recordInInbox(tx: EntityManager, r: InboxRecord): Promise<boolean> {
  const rows: unknown[] = await tx.query(
    `INSERT INTO processed_event (consumer, event_id, event_type, topic, partition, "offset", outcome)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (consumer, event_id) DO NOTHING RETURNING 1`,
    [r.consumer, r.eventId, r.eventType, r.topic, r.partition, r.offset, r.outcome],
  );
  return rows.length === 1;
}

/**
 * The batch form for a whole chunk: returns the ids that were new. The caller must treat a
 * repeated id inside the same chunk as a duplicate itself.
 */
export async function recordManyInInbox(
  tx: EntityManager,
  records: InboxRecord[],
): Promise<Set<string>> {
  if (records.length === 0) return new Set();
  const column = <K extends keyof InboxRecord>(key: K) => records.map((r) => r[key]);
  const rows: { event_id: string }[] = await tx.query(
    `INSERT INTO processed_event (consumer, event_id, event_type, topic, partition, "offset", outcome)
     SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::int[], $6::bigint[], $7::text[])
     ON CONFLICT (consumer, event_id) DO NOTHING RETURNING event_id`,
    [
      column('consumer'),
      column('eventId'),
      column('eventType'),
      column('topic'),
      column('partition'),
      column('offset'),
      column('outcome'),
    ],
  );
  return new Set(rows.map((r) => r.event_id));
}
