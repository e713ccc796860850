import type {
  AllocationFailedV1,
  CustomsHoldRaisedV1,
  DeliveryFailedV1,
  ExceptionRaisedV1,
  InvoiceHeldV1,
} from '@logisync/canonical-events';
import type { SetEvent } from '@logisync/event-runtime';
import type { ConsumedMilestone } from '../../application/apply-milestones/consumed-milestone';
import type { Milestone, MilestoneType } from '../../domain/milestone';

/** The fields of a consumed event that the order's status and timeline need. */
export interface MilestoneEvent {
  orderId: string;
  meta: { eventId: string; occurredAt: Date; producer: string };
  classifier?: string;
  invoiceId?: string | null;
  detail?: string | null;
}

type DetailOf = (event: never) => string;

/** The types whose detail (a hold's, the timeline's) is more than the event's own `detail`. */
const details: Partial<Record<MilestoneType, DetailOf>> = {
  AllocationFailed: (e: AllocationFailedV1) => {
    const short = e.shortLines.map((l) => `${l.sku} ${l.quantityAvailable}/${l.quantityRequested}`);
    return `${e.reason}: ${short.join(', ')}`;
  },
  CustomsHoldRaised: (e: CustomsHoldRaisedV1) => e.holdReason ?? 'customs hold',
  DeliveryFailed: (e: DeliveryFailedV1) => `${e.reason}${e.detail ? `: ${e.detail}` : ''}`,
  InvoiceHeld: (e: InvoiceHeldV1) => `${e.reason}${e.detail ? `: ${e.detail}` : ''}`,
  ExceptionRaised: (e: ExceptionRaisedV1) => `${e.type}: ${e.details}`,
};

/** A consumed event as the order's milestone; other services' exceptions carry their type. */
export function toMilestone({ event, envelope }: SetEvent<MilestoneEvent>): ConsumedMilestone {
  const type = envelope.eventType as MilestoneType;
  const detailOf = details[type];
  const milestone: Milestone = {
    eventId: envelope.eventId,
    type,
    occurredAt: event.meta.occurredAt,
    producer: event.meta.producer,
    classifier: event.classifier,
    invoiceId: event.invoiceId,
    detail: detailOf ? detailOf(event as never) : (event.detail ?? null),
  };
  if (type === 'ExceptionRaised') {
    milestone.exceptionType = (event as unknown as ExceptionRaisedV1).type;
  }
  return { orderId: event.orderId, milestone, traceparent: envelope.traceparent };
}
