import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { emptyProgress, statusOf, type OrderProgress } from '../domain/order-progress';

export interface RecordedEvent {
  eventId: string;
  orderId: string;
  eventType: string;
  producer: string;
  occurredAt: Date;
  recordedAt: Date;
  causationId: string | null;
  topic: string;
  partition: number;
  offset: string;
  traceparent: string | null;
  detail: string | null;
}

export interface ExceptionRow {
  exceptionId: string;
  orderId: string;
  type: string;
  severity: string;
  owner: string;
  sourceService: string;
  slaDueAt: Date | null;
  details: string;
  raisedAt: Date;
}

export interface ExceptionResolution {
  exceptionId: string;
  at: Date;
  resolution: string | null;
}

/** An awaited milestone arrived at `at`: the breaches of these rules for the order end. */
export interface BreachEnd {
  orderId: string;
  ruleIds: string[];
  at: Date;
}

const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));

/**
 * Reads and writes of the read model inside the caller's transaction, in plain SQL: each method
 * takes a whole set and costs one statement (rows travel as one JSON parameter), whatever the
 * set's size. The queries and the HTTP side read the tables directly.
 */
@Injectable()
export class ReadModelRepository {
  /** Records the events; returns the ids that were new (the rest were recorded before). */
  async insertEvents(tx: EntityManager, events: RecordedEvent[]): Promise<Set<string>> {
    if (events.length === 0) return new Set();
    const rows: { event_id: string }[] = await tx.query(
      `INSERT INTO ct_event (event_id, order_id, event_type, producer, occurred_at, recorded_at,
         causation_id, topic, partition, "offset", traceparent, detail)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS e(event_id text, order_id text,
         event_type text, producer text, occurred_at timestamptz, recorded_at timestamptz,
         causation_id text, topic text, partition integer, "offset" bigint, traceparent text,
         detail text)
       ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
      [
        JSON.stringify(
          events.map((e) => ({
            event_id: e.eventId,
            order_id: e.orderId,
            event_type: e.eventType,
            producer: e.producer,
            occurred_at: e.occurredAt,
            recorded_at: e.recordedAt,
            causation_id: e.causationId,
            topic: e.topic,
            partition: e.partition,
            offset: e.offset,
            traceparent: e.traceparent,
            detail: e.detail,
          })),
        ),
      ],
    );
    return new Set(rows.map((r) => r.event_id));
  }

  /** The orders' progress, locked in order id order; an order not seen yet starts empty. */
  async progressForUpdate(
    tx: EntityManager,
    orderIds: string[],
  ): Promise<Map<string, OrderProgress>> {
    const rows: Record<string, unknown>[] = await tx.query(
      `SELECT * FROM ct_order WHERE order_id = ANY($1::text[]) ORDER BY order_id FOR UPDATE`,
      [orderIds],
    );
    const found = new Map(rows.map((row) => [row.order_id as string, row]));
    return new Map(
      orderIds.map((id) => {
        const row = found.get(id);
        if (!row) return [id, emptyProgress()];
        const progress: OrderProgress = {
          stage: row.stage as OrderProgress['stage'],
          cancelled: row.cancelled as boolean,
          tender: row.tender as OrderProgress['tender'],
          holds: row.holds as string[],
          releasedAt: date(row.released_at),
          packedAt: date(row.packed_at),
          loadedAt: date(row.loaded_at),
          lastEventType: row.last_event_type as string | null,
          lastEventAt: date(row.last_event_at),
        };
        return [id, progress];
      }),
    );
  }

  async saveProgress(tx: EntityManager, progress: ReadonlyMap<string, OrderProgress>) {
    if (progress.size === 0) return;
    await tx.query(
      `INSERT INTO ct_order (order_id, status, stage, cancelled, tender, holds, released_at,
         packed_at, loaded_at, last_event_type, last_event_at, updated_at)
       SELECT p.*, now() FROM jsonb_to_recordset($1::jsonb) AS p(order_id text, status text,
         stage text, cancelled boolean, tender text, holds text[], released_at timestamptz,
         packed_at timestamptz, loaded_at timestamptz, last_event_type text,
         last_event_at timestamptz)
       ON CONFLICT (order_id) DO UPDATE SET status = excluded.status, stage = excluded.stage,
         cancelled = excluded.cancelled, tender = excluded.tender, holds = excluded.holds,
         released_at = excluded.released_at, packed_at = excluded.packed_at,
         loaded_at = excluded.loaded_at, last_event_type = excluded.last_event_type,
         last_event_at = excluded.last_event_at, updated_at = now()`,
      [
        JSON.stringify(
          [...progress].map(([orderId, p]) => ({
            order_id: orderId,
            status: statusOf(p),
            stage: p.stage,
            cancelled: p.cancelled,
            tender: p.tender,
            holds: p.holds,
            released_at: p.releasedAt,
            packed_at: p.packedAt,
            loaded_at: p.loadedAt,
            last_event_type: p.lastEventType,
            last_event_at: p.lastEventAt,
          })),
        ),
      ],
    );
  }

  async raiseExceptions(tx: EntityManager, raised: ExceptionRow[]): Promise<void> {
    if (raised.length === 0) return;
    await tx.query(
      `INSERT INTO ct_exception (exception_id, order_id, type, severity, owner, source_service,
         sla_due_at, details, raised_at)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(exception_id text, order_id text,
         type text, severity text, owner text, source_service text, sla_due_at timestamptz,
         details text, raised_at timestamptz)
       ON CONFLICT (exception_id) DO NOTHING`,
      [
        JSON.stringify(
          raised.map((x) => ({
            exception_id: x.exceptionId,
            order_id: x.orderId,
            type: x.type,
            severity: x.severity,
            owner: x.owner,
            source_service: x.sourceService,
            sla_due_at: x.slaDueAt,
            details: x.details,
            raised_at: x.raisedAt,
          })),
        ),
      ],
    );
  }

  /** The first resolution of an exception counts; later ones (a redelivery) change nothing. */
  async resolveExceptions(tx: EntityManager, resolved: ExceptionResolution[]): Promise<void> {
    const first = new Map<string, ExceptionResolution>();
    for (const r of resolved) if (!first.has(r.exceptionId)) first.set(r.exceptionId, r);
    if (first.size === 0) return;
    await tx.query(
      `UPDATE ct_exception e SET resolved_at = COALESCE(e.resolved_at, r.at),
         resolution = COALESCE(e.resolution, r.resolution)
       FROM jsonb_to_recordset($1::jsonb) AS r(exception_id text, at timestamptz, resolution text)
       WHERE e.exception_id = r.exception_id`,
      [
        JSON.stringify(
          [...first.values()].map((r) => ({
            exception_id: r.exceptionId,
            at: r.at,
            resolution: r.resolution,
          })),
        ),
      ],
    );
  }

  /** Awaited milestones arrived: the open SLA breaches they end are resolved, by the first. */
  async endBreaches(tx: EntityManager, ends: BreachEnd[]): Promise<void> {
    const first = new Map<string, { order_id: string; rule_id: string; at: Date }>();
    for (const end of ends) {
      for (const ruleId of end.ruleIds) {
        const key = `${end.orderId} ${ruleId}`;
        if (!first.has(key)) first.set(key, { order_id: end.orderId, rule_id: ruleId, at: end.at });
      }
    }
    if (first.size === 0) return;
    await tx.query(
      `UPDATE ct_sla_breach b SET resolved_at = e.at
       FROM jsonb_to_recordset($1::jsonb) AS e(order_id text, rule_id text, at timestamptz)
       WHERE b.order_id = e.order_id AND b.rule_id = e.rule_id AND b.resolved_at IS NULL`,
      [JSON.stringify([...first.values()])],
    );
  }
}
