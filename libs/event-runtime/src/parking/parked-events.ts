import type { EntityManager } from 'typeorm';
import type { RawMessage } from '../consumer/consumed-event';

export interface ParkedRow {
  id: string;
  eventId: string;
  eventType: string;
  message: RawMessage;
  attempts: number;
}

interface ParkInput {
  consumer: string;
  eventId: string;
  eventType: string;
  awaitingEventType: string;
  awaitingKey: string;
  reason: string;
  message: RawMessage;
}

/** Stores an event until its prerequisite is applied; parking it twice is a no-op. */
export async function park(tx: EntityManager, p: ParkInput): Promise<void> {
  const key = p.message.key === null ? null : p.message.key.toString();
  await tx.query(
    `INSERT INTO parked_event (consumer, event_id, event_type, awaiting_event_type, awaiting_key,
       topic, partition, "offset", key, headers, payload, reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (consumer, event_id) DO NOTHING`,
    [
      p.consumer,
      p.eventId,
      p.eventType,
      p.awaitingEventType,
      p.awaitingKey,
      p.message.topic,
      p.message.partition,
      p.message.offset,
      key,
      JSON.stringify(p.message.headers),
      p.message.value,
      p.reason,
    ],
  );
}

const selectColumns = `id, event_id, event_type, topic, partition, "offset", key, headers, payload, attempts`;

function toRow(r: Record<string, unknown>): ParkedRow {
  return {
    id: String(r.id),
    eventId: String(r.event_id),
    eventType: String(r.event_type),
    attempts: Number(r.attempts),
    message: {
      topic: String(r.topic),
      partition: Number(r.partition),
      offset: String(r.offset),
      key: (r.key as string | null) ?? null,
      value: r.payload as Buffer,
      headers: r.headers as Record<string, string>,
    },
  };
}

/** Parked events waiting for (eventType, key), locked so no one else re-applies them now. */
export async function takeAwaiting(
  tx: EntityManager,
  consumer: string,
  eventType: string,
  key: string,
): Promise<ParkedRow[]> {
  const rows: Record<string, unknown>[] = await tx.query(
    `SELECT ${selectColumns} FROM parked_event
     WHERE consumer = $1 AND awaiting_event_type = $2 AND awaiting_key = $3
     ORDER BY id FOR UPDATE SKIP LOCKED`,
    [consumer, eventType, key],
  );
  return rows.map(toRow);
}

/** The sweeper's share: parked events not retried for a while, oldest first. */
export async function takeStale(
  tx: EntityManager,
  consumer: string,
  olderThanMs: number,
  limit: number,
): Promise<ParkedRow[]> {
  const rows: Record<string, unknown>[] = await tx.query(
    `SELECT ${selectColumns} FROM parked_event
     WHERE consumer = $1 AND parked_at < now() - make_interval(secs => $2::double precision / 1000)
     ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED`,
    [consumer, olderThanMs, limit],
  );
  return rows.map(toRow);
}

export async function unpark(tx: EntityManager, id: string): Promise<void> {
  await tx.query('DELETE FROM parked_event WHERE id = $1', [id]);
}

export async function repark(
  tx: EntityManager,
  id: string,
  awaitingEventType: string,
  awaitingKey: string,
  reason: string,
): Promise<void> {
  await tx.query(
    `UPDATE parked_event SET awaiting_event_type = $2, awaiting_key = $3, reason = $4,
       attempts = attempts + 1, parked_at = now() WHERE id = $1`,
    [id, awaitingEventType, awaitingKey, reason],
  );
}

export async function countParked(tx: EntityManager, consumer: string): Promise<number> {
  const rows: { n: number }[] = await tx.query(
    'SELECT count(*)::int AS n FROM parked_event WHERE consumer = $1',
    [consumer],
  );
  return rows[0].n;
}
