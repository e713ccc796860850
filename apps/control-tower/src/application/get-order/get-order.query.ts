import { Inject, Injectable } from '@nestjs/common';
import { problem, ProblemException } from '@logisync/http-kit';
import { DataSource } from 'typeorm';
import { causationForest, flattenForest } from '../../domain/causation';
import { statusOf, waitingFor, type OrderProgress } from '../../domain/order-progress';
import { evaluateSla, type SlaRule } from '../../domain/sla-rules';
import { SLA_RULES } from '../tokens';

/** An order's page: status, holds, what it waits for, the cross-service timeline as a causation tree. */
@Injectable()
export class GetOrderQuery {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SLA_RULES) private readonly rules: SlaRule[],
  ) {}

  async execute(orderId: string, now = new Date()) {
    const [order] = await this.dataSource.query(`SELECT * FROM ct_order WHERE order_id = $1`, [
      orderId,
    ]);
    if (!order)
      throw new ProblemException(
        problem(404, 'ORDER.NOT_FOUND', `no milestone seen for order ${orderId}`),
      );
    const events: {
      event_id: string;
      event_type: string;
      producer: string;
      occurred_at: Date;
      recorded_at: Date;
      causation_id: string | null;
      topic: string;
      partition: number;
      offset: string;
      traceparent: string | null;
      detail: string | null;
    }[] = await this.dataSource.query(
      `SELECT * FROM ct_event WHERE order_id = $1 ORDER BY occurred_at, received_at`,
      [orderId],
    );
    const timeline = events.map((e) => ({
      eventId: e.event_id,
      eventType: e.event_type,
      producer: e.producer,
      occurredAt: new Date(e.occurred_at),
      recordedAt: new Date(e.recorded_at),
      causationId: e.causation_id,
      topic: e.topic,
      partition: e.partition,
      offset: String(e.offset),
      traceparent: e.traceparent,
      detail: e.detail,
    }));
    const progress: OrderProgress = {
      stage: order.stage,
      cancelled: order.cancelled,
      tender: order.tender,
      holds: order.holds,
      releasedAt: order.released_at,
      packedAt: order.packed_at,
      loadedAt: order.loaded_at,
      lastEventType: order.last_event_type,
      lastEventAt: order.last_event_at,
    };
    const exceptions = await this.dataSource.query(
      `SELECT exception_id AS "exceptionId", type, severity, owner, source_service AS "sourceService",
              sla_due_at AS "slaDueAt", details, raised_at AS "raisedAt", acknowledged_at AS "acknowledgedAt",
              resolved_at AS "resolvedAt", resolution
       FROM ct_exception WHERE order_id = $1 ORDER BY raised_at`,
      [orderId],
    );
    return {
      orderId,
      status: statusOf(progress),
      holds: progress.holds,
      tender: progress.tender,
      lastMilestone: progress.lastEventType
        ? { eventType: progress.lastEventType, occurredAt: progress.lastEventAt }
        : null,
      waitingFor: waitingFor(progress),
      timeline: flattenForest(causationForest(timeline)).map(({ event, depth }) => ({
        ...event,
        depth,
      })),
      exceptions,
      sla: evaluateSla(this.rules, timeline, now),
    };
  }
}
