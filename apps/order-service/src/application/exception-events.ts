import { createEventMeta } from '@logisync/canonical-events';
import type { OutboxEntry } from '@logisync/event-runtime';
import type { Order } from '../domain/order';
import type { OrderException } from '../domain/order-exception';

const producer = 'order-service';

export function exceptionRaised(
  exception: OrderException,
  order: Order,
  causationId: string | null,
): OutboxEntry {
  const s = exception.state;
  return {
    eventType: 'ExceptionRaised',
    event: {
      meta: createEventMeta({
        eventType: 'ExceptionRaised',
        producer,
        correlationId: s.orderId,
        causationId,
        tenant: 'default',
        region: order.snapshot().region,
      }),
      orderId: s.orderId,
      exceptionId: s.id,
      type: s.type,
      severity: s.severity,
      owner: s.owner,
      slaDueAt: s.slaDueAt,
      details: s.details,
      sourceService: producer,
    },
  };
}

export function exceptionResolved(
  exception: OrderException,
  region: string,
  causationId: string | null,
  resolvedBy = producer,
): OutboxEntry {
  const s = exception.state;
  return {
    eventType: 'ExceptionResolved',
    event: {
      meta: createEventMeta({
        eventType: 'ExceptionResolved',
        producer,
        correlationId: s.orderId,
        causationId,
        tenant: 'default',
        region,
      }),
      orderId: s.orderId,
      exceptionId: s.id,
      resolution: s.resolution ?? '',
      resolvedBy,
    },
  };
}
