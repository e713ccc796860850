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
