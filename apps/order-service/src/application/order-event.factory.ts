import {
  createEventMeta,
  type EventType,
  type EventTypeMap,
  type OrderHoldReason,
} from '@logisync/canonical-events';
import type { OutboxEntry } from '@logisync/event-runtime';
import type { HoldReason } from '../domain/milestone';
import type { Order } from '../domain/order';
import type { OrderEvent } from '../domain/order-events';

const producer = 'order-service';

// OrderHoldReason v1 has no symbol for an invoice hold: it goes out as UNKNOWN with a detail.
const wireHoldReason: Record<HoldReason, OrderHoldReason> = {
  ALLOCATION_SHORTAGE: 'ALLOCATION_SHORTAGE',
  NO_CARRIER: 'NO_CARRIER',
  CUSTOMS: 'CUSTOMS',
  DELIVERY_FAILED: 'DELIVERY_FAILED',
  INVOICE_HELD: 'UNKNOWN',
};

function entry<T extends EventType>(eventType: T, event: EventTypeMap[T]): OutboxEntry {
  return { eventType, event } as OutboxEntry;
}

/** Turns what the order announced into versioned events; causationId links to the trigger. */
export function toOutboxEntries(
  order: Order,
  events: OrderEvent[],
  causationId: string | null,
  tenant = 'default',
): OutboxEntry[] {
  const s = order.snapshot();
  const meta = (eventType: EventType) =>
    createEventMeta({
      eventType,
      producer,
      correlationId: s.id,
      causationId,
      tenant,
      region: s.region,
    });
  return events.map((e) => {
    switch (e.type) {
      case 'OrderReleased':
        return entry('OrderReleased', {
          meta: meta('OrderReleased'),
          orderId: s.id,
          customerId: s.customerId,
          channel: s.channel,
          lines: s.lines,
          totalMinor: s.totalMinor,
          currency: s.currency,
          shipTo: s.shipTo,
          requestedDeliveryDate: s.requestedDeliveryDate,
          priority: s.priority,
          region: s.region,
        });
      case 'OrderCancelled':
        return entry('OrderCancelled', {
          meta: meta('OrderCancelled'),
          orderId: s.id,
          reason: e.reason,
          cancelledBy: e.by,
        });
      case 'OrderHeld':
        return entry('OrderHeld', {
          meta: meta('OrderHeld'),
          orderId: s.id,
          reasonCode: wireHoldReason[e.reason],
          detail: e.detail ?? e.reason,
          exceptionId: null,
        });
      case 'OrderHoldReleased':
        return entry('OrderHoldReleased', {
          meta: meta('OrderHoldReleased'),
          orderId: s.id,
          reasonCode: wireHoldReason[e.reason],
          releasedBy: producer,
          note: e.reason,
        });
      case 'OrderCompleted':
        return entry('OrderCompleted', {
          meta: meta('OrderCompleted'),
          orderId: s.id,
          invoiceId: e.invoiceId,
        });
    }
  });
}
