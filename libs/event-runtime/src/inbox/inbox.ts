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

export interface SetInInbox {
  /** The ids recorded as applied that were new; a repeated id inside the set is new once. */
  fresh: Set<string>;
  /** Which "<eventType> <key>" some parked event of this consumer waits on, for `keys`. */
  awaited: Set<string>;
}

/**
 * The form for a whole set of events in one round trip: its inbox rows, and which of its keys
 * parked events wait on (so an applied event looks for parked ones only when some exist). One
 * statement instead of two per transaction is what the consuming side's cost is made of.
 */
export async function recordSetInInbox(
  tx: EntityManager,
  consumer: string,
  records: InboxRecord[],
  keys: string[],
): Promise<SetInInbox> {
  if (records.length === 0 && keys.length === 0) return { fresh: new Set(), awaited: new Set() };
  const column = <K extends keyof InboxRecord>(key: K) => records.map((r) => r[key]);
  const rows: { kind: 'fresh' | 'awaited'; v: string }[] = await tx.query(
    `WITH recorded AS (
       INSERT INTO processed_event (consumer, event_id, event_type, topic, partition, "offset", outcome)
       SELECT $1::text, e.* FROM unnest($2::uuid[], $3::text[], $4::text[], $5::int[], $6::bigint[], $7::text[]) AS e
       ON CONFLICT (consumer, event_id) DO NOTHING RETURNING event_id, outcome)
     SELECT 'fresh' AS kind, event_id::text AS v FROM recorded WHERE outcome = 'applied'
     UNION ALL
     SELECT DISTINCT 'awaited', awaiting_event_type || ' ' || awaiting_key FROM parked_event
      WHERE consumer = $1 AND awaiting_key = ANY($8::text[])`,
    [
      consumer,
      column('eventId'),
      column('eventType'),
      column('topic'),
      column('partition'),
      column('offset'),
      column('outcome'),
      keys,
    ],
  );
  const of = (kind: string) => new Set(rows.filter((r) => r.kind === kind).map((r) => r.v));
  return { fresh: of('fresh'), awaited: of('awaited') };
}
