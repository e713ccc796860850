import type { Order } from '../domain/order';

/** What the API returns for an order. */
export function toOrderView(order: Order) {
  const s = order.snapshot();
  return {
    id: s.id,
    customerId: s.customerId,
    status: order.status,
    progress: s.progress,
    channel: s.channel,
    lines: s.lines,
    totalMinor: s.totalMinor,
    currency: s.currency,
    shipTo: s.shipTo,
    requestedDeliveryDate: s.requestedDeliveryDate.toISOString().slice(0, 10),
    priority: s.priority,
    region: s.region,
    holds: order
      .activeHolds()
      .map(({ reason, detail, raisedAt }) => ({ reason, detail, raisedAt })),
    cancellation: s.cancellation,
    invoiceId: s.invoiceId,
    timeline: s.timeline.map(({ eventId, type, occurredAt, producer }) => ({
      type,
      occurredAt,
      producer,
      eventId,
    })),
    createdAt: s.createdAt,
  };
}

export type OrderView = ReturnType<typeof toOrderView>;
