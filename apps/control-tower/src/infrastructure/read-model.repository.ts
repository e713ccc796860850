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

const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));

/** Reads and writes of the read model inside the caller's transaction, in plain SQL. */
@Injectable()
export class ReadModelRepository {
  /** False when the event was already recorded (a replay): nothing else should change. */
  async insertEvent(tx: EntityManager, e: RecordedEvent): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO ct_event (event_id, order_id, event_type, producer, occurred_at, recorded_at,
         causation_id, topic, partition, "offset", traceparent, detail)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)
       ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
      [
        e.eventId,
        e.orderId,
        e.eventType,
        e.producer,
        e.occurredAt,
        e.recordedAt,
        e.causationId,
        e.topic,
        e.partition,
        e.offset,
        e.traceparent,
        e.detail,
      ],
    );
    return rows.length === 1;
  }

  async progressForUpdate(tx: EntityManager, orderId: string): Promise<OrderProgress> {
    const [row] = await tx.query(`SELECT * FROM ct_order WHERE order_id = $1 FOR UPDATE`, [
      orderId,
    ]);
    if (!row) return emptyProgress();
    return {
      stage: row.stage,
      cancelled: row.cancelled,
      tender: row.tender,
      holds: row.holds,
      releasedAt: date(row.released_at),
      packedAt: date(row.packed_at),
      loadedAt: date(row.loaded_at),
      lastEventType: row.last_event_type,
      lastEventAt: date(row.last_event_at),
    };
  }

  async saveProgress(tx: EntityManager, orderId: string, p: OrderProgress): Promise<void> {
    await tx.query(
      `INSERT INTO ct_order (order_id, status, stage, cancelled, tender, holds, released_at, packed_at,
         loaded_at, last_event_type, last_event_at, updated_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11, now())
       ON CONFLICT (order_id) DO UPDATE SET status = $2, stage = $3, cancelled = $4, tender = $5,
         holds = $6, released_at = $7, packed_at = $8, loaded_at = $9, last_event_type = $10,
         last_event_at = $11, updated_at = now()`,
      [
        orderId,
        statusOf(p),
        p.stage,
        p.cancelled,
        p.tender,
        p.holds,
        p.releasedAt,
        p.packedAt,
        p.loadedAt,
        p.lastEventType,
        p.lastEventAt,
      ],
    );
  }

  async raiseException(tx: EntityManager, x: ExceptionRow): Promise<void> {
    await tx.query(
      `INSERT INTO ct_exception (exception_id, order_id, type, severity, owner, source_service,
         sla_due_at, details, raised_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT (exception_id) DO NOTHING`,
      [
        x.exceptionId,
        x.orderId,
        x.type,
        x.severity,
        x.owner,
        x.sourceService,
        x.slaDueAt,
        x.details,
        x.raisedAt,
      ],
    );
  }

  async resolveException(
    tx: EntityManager,
    exceptionId: string,
    at: Date,
    resolution: string | null,
  ): Promise<void> {
    await tx.query(
      `UPDATE ct_exception SET resolved_at = COALESCE(resolved_at, $2), resolution = COALESCE(resolution, $3)
       WHERE exception_id = $1`,
      [exceptionId, at, resolution],
    );
  }

  /** An awaited milestone arrived: the SLA breaches it ends are resolved. */
  async endBreaches(
    tx: EntityManager,
    orderId: string,
    ruleIds: string[],
    at: Date,
  ): Promise<void> {
    if (ruleIds.length === 0) return;
    await tx.query(
      `UPDATE ct_sla_breach SET resolved_at = $3 WHERE order_id = $1 AND rule_id = ANY($2) AND resolved_at IS NULL`,
      [orderId, ruleIds, at],
    );
  }
}
