import type { EventEnvelope } from '@logisync/event-runtime';
import type { Milestone, MilestoneType } from '../../domain/milestone';

/** The fields of a consumed event that the order's status and timeline need. */
export interface MilestoneEvent {
  orderId: string;
  meta: { eventId: string; occurredAt: Date; producer: string };
  classifier?: string;
  invoiceId?: string | null;
  detail?: string | null;
}

export function toMilestone(
  type: MilestoneType,
  event: MilestoneEvent,
  envelope: EventEnvelope,
  detail: string | null = event.detail ?? null,
): Milestone {
  return {
    eventId: envelope.eventId,
    type,
    occurredAt: event.meta.occurredAt,
    producer: event.meta.producer,
    classifier: event.classifier,
    invoiceId: event.invoiceId,
    detail,
  };
}
