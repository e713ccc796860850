import {
  createEventMeta,
  sampleEvent,
  type EventType,
  type EventTypeMap,
} from '@logisync/canonical-events';
import { Tenant } from './test-handlers';

/** A valid order-topic event for `orderId`; the tenant knob steers the test handlers. */
export function orderEvent<T extends EventType>(
  eventType: T,
  orderId: string,
  tenant: string = Tenant.normal,
): EventTypeMap[T] {
  const meta = createEventMeta({
    eventType,
    producer: 'order-service',
    correlationId: orderId,
    tenant,
    region: 'eu-west',
  });
  return sampleEvent(eventType, { orderId, meta } as never);
}
