import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { SetEvent } from '@logisync/event-runtime';
import { Histogram, type Registry } from 'prom-client';
import { METRICS_REGISTRY } from '@logisync/event-runtime';
import { applyMilestone, type OrderProgress } from '../../domain/order-progress';
import type { SlaRule } from '../../domain/sla-rules';
import {
  ReadModelRepository,
  type BreachEnd,
  type ExceptionResolution,
  type ExceptionRow,
} from '../../infrastructure/read-model.repository';
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

/**
 * Records a transaction's milestones of every service at once: the events (the table is the
 * control tower's inbox: an event recorded before changes nothing else), each order's progress
 * folded over its new events in offset order, exceptions raised and resolved, and the SLA
 * breaches the milestones end. One statement per table, whatever the number of events.
 */
@Injectable()
export class RecordMilestonesHandler {
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

  /** Returns the ids of the events recorded now (the others were recorded before). */
  async execute(
    tx: EntityManager,
    events: readonly SetEvent<AnyMilestone>[],
  ): Promise<ReadonlySet<string>> {
    const recorded = await this.readModel.insertEvents(
      tx,
      events.map(({ event, envelope }) => {
        const detail = event.type ?? event.reason ?? null;
        return {
          eventId: event.meta.eventId,
          orderId: event.orderId,
          eventType: event.meta.eventType,
          producer: event.meta.producer,
          occurredAt: event.meta.occurredAt,
          recordedAt: event.meta.recordedAt,
          causationId: event.meta.causationId,
          topic: envelope.topic,
          partition: envelope.partition,
          offset: envelope.offset,
          traceparent: envelope.traceparent ?? null,
          detail: typeof detail === 'string' ? detail : null,
        };
      }),
    );
    const fresh = events.map((e) => e.event).filter((e) => recorded.has(e.meta.eventId));
    if (fresh.length === 0) return recorded;
    const progress = await this.readModel.progressForUpdate(tx, [
      ...new Set(fresh.map((e) => e.orderId)),
    ]);
    const raised: ExceptionRow[] = [];
    const resolved: ExceptionResolution[] = [];
    const breachEnds: BreachEnd[] = [];
    const invoiceDelays: number[] = [];
    for (const event of fresh) {
      const { meta } = event;
      const next: OrderProgress = applyMilestone(progress.get(event.orderId)!, {
        eventType: meta.eventType,
        occurredAt: meta.occurredAt,
        detail: event.type,
      });
      progress.set(event.orderId, next);
      if (meta.eventType === 'InvoiceIssued' && next.releasedAt) {
        invoiceDelays.push((meta.occurredAt.getTime() - next.releasedAt.getTime()) / 1000);
      }
      if (meta.eventType === 'ExceptionRaised' && event.exceptionId) {
        raised.push({
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
        resolved.push({
          exceptionId: event.exceptionId,
          at: meta.occurredAt,
          resolution: event.resolution ?? null,
        });
      }
      const ruleIds = this.slaRules.filter((r) => r.to.includes(meta.eventType)).map((r) => r.id);
      if (ruleIds.length > 0)
        breachEnds.push({ orderId: event.orderId, ruleIds, at: meta.occurredAt });
    }
    await this.readModel.saveProgress(tx, progress);
    await this.readModel.raiseExceptions(tx, raised);
    await this.readModel.resolveExceptions(tx, resolved);
    await this.readModel.endBreaches(tx, breachEnds);
    // Observed before the runtime commits: an attempt rolled back after this point (a failed
    // commit, rare) leaves its observations, and the retry observes them again.
    invoiceDelays.forEach((seconds) => this.releaseToInvoice.observe(seconds));
    return recorded;
  }
}
