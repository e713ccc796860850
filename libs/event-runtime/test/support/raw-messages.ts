import { EventHeader, type EventType, type EventTypeMap } from '@logisync/canonical-events';
import type { Message } from 'kafkajs';
import type { RuntimeFixture } from './runtime-fixture';

/** An order event as the relay would write it: Avro value, key = orderId, the routing headers. */
export async function rawOrderMessage<T extends EventType>(
  fixture: RuntimeFixture,
  eventType: T,
  event: EventTypeMap[T],
): Promise<Message> {
  const encoded = await fixture.codec.encode(eventType, event);
  const meta = (event as unknown as { meta: { eventId: string; correlationId: string } }).meta;
  return {
    key: (event as unknown as { orderId: string }).orderId,
    value: encoded.value,
    headers: {
      [EventHeader.eventId]: meta.eventId,
      [EventHeader.eventType]: eventType,
      [EventHeader.correlationId]: meta.correlationId,
      [EventHeader.schemaId]: String(encoded.schemaId),
    },
  };
}
