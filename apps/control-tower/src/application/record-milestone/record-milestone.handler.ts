import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@logisync/event-runtime';
import { Histogram, type Registry } from 'prom-client';
import { METRICS_REGISTRY } from '@logisync/event-runtime';
import { applyMilestone } from '../../domain/order-progress';
import type { SlaRule } from '../../domain/sla-rules';
import { ReadModelRepository } from '../../infrastructure/read-model.repository';
import { SLA_RULES } from '../tokens';

/** The fields every milestone has; exceptions and holds carry a little more. */
export interface AnyMilestone {
  meta: {
    eventId: string;
    eventType: string;
    occurredAt: Date;
    recordedAt: Date;
    producer: string;
    causationId: string | null;
  };
  orderId: string;
  exceptionId?: string;
  type?: string;
  severity?: string;
  owner?: string;
  sourceService?: string;
  slaDueAt?: Date;
  details?: string;
  reason?: string;
  resolution?: string;
}

/** Records one milestone of any service: the event, the order's progress, exceptions, SLA ends. */
@Injectable()
export class RecordMilestoneHandler {
  private readonly releaseToInvoice: Histogram<string>;

  constructor(
    @Inject(ReadModelRepository) private readonly readModel: ReadModelRepository,
    @Inject(SLA_RULES) private readonly slaRules: SlaRule[],
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.releaseToInvoice =
      (registry.getSingleMetric('logisync_order_release_to_invoice_seconds') as
        Histogram<string> | undefined) ??
      new Histogram({
        name: 'logisync_order_release_to_invoice_seconds',
        help: 'From OrderReleased to InvoiceIssued (event times), per invoiced order',
        buckets: [1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800, 3600, 14400, 86400],
        registers: [registry],
      });
  }

  async execute(tx: EntityManager, event: AnyMilestone, envelope: EventEnvelope): Promise<void> {
    const { meta } = event;
    const detail = event.type ?? event.reason ?? null;
    const fresh = await this.readModel.insertEvent(tx, {
      eventId: meta.eventId,
      orderId: event.orderId,
      eventType: meta.eventType,
      producer: meta.producer,
      occurredAt: meta.occurredAt,
      recordedAt: meta.recordedAt,
      causationId: meta.causationId,
      topic: envelope.topic,
      partition: envelope.partition,
      offset: envelope.offset,
      traceparent: envelope.traceparent ?? null,
      detail: typeof detail === 'string' ? detail : null,
    });
    if (!fresh) return;
    const progress = await this.readModel.progressForUpdate(tx, event.orderId);
    const next = applyMilestone(progress, {
      eventType: meta.eventType,
      occurredAt: meta.occurredAt,
      detail: event.type,
    });
    await this.readModel.saveProgress(tx, event.orderId, next);
    if (meta.eventType === 'InvoiceIssued' && next.releasedAt) {
      this.releaseToInvoice.observe((meta.occurredAt.getTime() - next.releasedAt.getTime()) / 1000);
    }
    if (meta.eventType === 'ExceptionRaised' && event.exceptionId) {
      await this.readModel.raiseException(tx, {
        exceptionId: event.exceptionId,
        orderId: event.orderId,
        type: event.type ?? 'UNKNOWN',
        severity: event.severity ?? 'UNKNOWN',
        owner: event.owner ?? '',
        sourceService: event.sourceService ?? meta.producer,
        slaDueAt: event.slaDueAt ?? null,
        details: event.details ?? '',
        raisedAt: meta.occurredAt,
      });
    }
    if (meta.eventType === 'ExceptionResolved' && event.exceptionId) {
      await this.readModel.resolveException(
        tx,
        event.exceptionId,
        meta.occurredAt,
        event.resolution ?? null,
      );
    }
    const ended = this.slaRules.filter((r) => r.to.includes(meta.eventType)).map((r) => r.id);
    await this.readModel.endBreaches(tx, event.orderId, ended, meta.occurredAt);
  }
}
