import { currentTraceparent } from '../tracing/trace-context';
import {
  EventCodec,
  EventHeader,
  keyOf,
  topicFor,
  type EventType,
  type EventTypeMap,
  type ServiceName,
} from '@logisync/canonical-events';
import type { EntityManager } from 'typeorm';

export interface OutboxEntry<T extends EventType = EventType> {
  eventType: T;
  event: EventTypeMap[T];
  traceparent?: string;
}

interface EventWithMeta {
  meta: { eventId: string; correlationId: string; causationId?: string | null };
}

/**
 * Publishing is an insert in the caller's transaction: the event is validated and encoded here,
 * so an invalid event fails the business transaction and never reaches a consumer.
 */
export class OutboxWriter {
  constructor(
    private readonly codec: EventCodec,
    private readonly producer: ServiceName,
    /** Maps a catalogue topic name to the one used here (tests give each file its own topics). */
    private readonly topicName: (catalogueName: string) => string = (name) => name,
  ) {}

  async add<T extends EventType>(tx: EntityManager, entry: OutboxEntry<T>): Promise<void> {
    await this.addAll(tx, [entry]);
  }

  async addAll(tx: EntityManager, entries: OutboxEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const rows = await Promise.all(entries.map((entry) => this.toRow(entry)));
    const params: unknown[] = [];
    const tuples = rows.map((row) => {
      const base = params.length;
      params.push(row.topic, row.key, row.eventType, row.eventId, row.headers, row.payload);
      return `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}, $${base + 6})`;
    });
    await tx.query(
      `INSERT INTO outbox_message (topic, key, event_type, event_id, headers, payload)
       VALUES ${tuples.join(', ')}`,
      params,
    );
  }

  /**
   * The same rows as a member of a caller's WITH, for a command that writes its state change
   * and its events in one statement: inserted only when `gate` (another member) returned a
   * row. The statement trigger still wakes the relay when the statement commits.
   */
  async insertSql(params: unknown[], entries: OutboxEntry[], gate: string): Promise<string | null> {
    if (entries.length === 0) return null;
    const rows = await Promise.all(entries.map((entry) => this.toRow(entry)));
    const tuples = rows.map((row) => {
      const base = params.length;
      params.push(row.topic, row.key, row.eventType, row.eventId, row.headers, row.payload);
      return `($${base + 1}::text, $${base + 2}::text, $${base + 3}::text, $${base + 4}::uuid,
        $${base + 5}::jsonb, $${base + 6}::bytea)`;
    });
    return `outbox_added AS (
      INSERT INTO outbox_message (topic, key, event_type, event_id, headers, payload)
      SELECT * FROM (VALUES ${tuples.join(', ')}) AS v
      WHERE EXISTS (SELECT FROM ${gate}))`;
  }

  private async toRow({ eventType, event, traceparent }: OutboxEntry) {
    const spec = topicFor(this.producer, eventType);
    const { meta } = event as unknown as EventWithMeta;
    const encoded = await this.codec.encode(eventType, event);
    const headers: Record<string, string> = {
      [EventHeader.eventId]: meta.eventId,
      [EventHeader.eventType]: eventType,
      [EventHeader.correlationId]: meta.correlationId,
      [EventHeader.schemaId]: String(encoded.schemaId),
      [EventHeader.producer]: this.producer,
    };
    if (meta.causationId) headers[EventHeader.causationId] = meta.causationId;
    // The span writing the event is its parent: an HTTP request's, or the handler's.
    const parent = traceparent ?? currentTraceparent();
    if (parent) headers[EventHeader.traceparent] = parent;
    return {
      topic: this.topicName(spec.name),
      key: keyOf(spec, event),
      eventType,
      eventId: meta.eventId,
      headers: JSON.stringify(headers),
      payload: encoded.value,
    };
  }
}
