import {
  createEventMeta,
  sampleEvent,
  type EventType,
  type EventTypeMap,
} from '@logisync/canonical-events';
import {
  createPublisher,
  createSubscriber,
  silentLogger,
  type EventMessage,
  type EventPublisher,
} from '@logisync/event-runtime';
import { stackEndpoints, uniqueName } from '@logisync/test-kit';
import type { WarehouseServiceFixture } from './warehouse-service.fixture';

export type Published = EventMessage<{ orderId: string } & Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

const warehouseEventTypes = [
  'InventoryAllocated',
  'AllocationFailed',
  'AllocationReleased',
  'OrderPicked',
  'OrderPacked',
  'ShipmentLoaded',
  'ExceptionRaised',
  'ExceptionResolved',
] as const;

/** Publishers as order- and transport-service, and a reader of what the warehouse publishes. */
export async function eventStreams(service: WarehouseServiceFixture) {
  const publisherOf = (as: 'order-service' | 'transport-service') =>
    createPublisher({
      brokers: stackEndpoints.kafkaBrokers,
      registryUrl: stackEndpoints.registryUrl,
      as,
      topicName: service.topic,
      logger: silentLogger,
    });
  const publishers: Record<'order-service' | 'transport-service', EventPublisher> = {
    'order-service': await publisherOf('order-service'),
    'transport-service': await publisherOf('transport-service'),
  };
  const published: Published[] = [];
  const subscriber = createSubscriber({
    brokers: stackEndpoints.kafkaBrokers,
    registryUrl: stackEndpoints.registryUrl,
    groupId: uniqueName('warehouse-reader'),
    topics: [service.topic('warehouse.milestones.v1')],
    fromBeginning: true,
    logger: silentLogger,
  });
  for (const type of warehouseEventTypes) {
    subscriber.on(type, (m) => void published.push(m as never));
  }
  await subscriber.run();

  function event<T extends EventType>(
    eventType: T,
    orderId: string,
    producer: string,
    fields: Partial<EventTypeMap[T]>,
  ): EventTypeMap[T] {
    const meta = createEventMeta({
      eventType,
      producer,
      correlationId: orderId,
      tenant: 'acme',
      region: 'eu-west',
    });
    return sampleEvent(eventType, { ...fields, orderId, meta } as never);
  }

  return {
    published,
    eventsOf(orderId: string, type?: string) {
      return published.filter(
        (m) => m.event.orderId === orderId && (!type || m.headers['event-type'] === type),
      );
    },
    async fromOrders<T extends EventType>(
      type: T,
      orderId: string,
      fields: Partial<EventTypeMap[T]>,
    ) {
      const e = event(type, orderId, 'order-service', fields);
      await publishers['order-service'].publish(type, e as never);
      return e;
    },
    async fromTransport<T extends EventType>(
      type: T,
      orderId: string,
      fields: Partial<EventTypeMap[T]>,
    ) {
      const e = event(type, orderId, 'transport-service', fields);
      await publishers['transport-service'].publish(type, e as never);
      return e;
    },
    /** Publishes an event as it is again: a redelivery with the same eventId. */
    async again(producer: 'order-service' | 'transport-service', type: EventType, e: object) {
      await publishers[producer].publish(type, e as never);
    },
    async close() {
      await subscriber.stop();
      for (const p of Object.values(publishers)) await p.disconnect();
    },
  };
}

export function orderLines(...lines: [string, number][]) {
  return lines.map(([sku, quantity], i) => ({
    lineNo: i + 1,
    sku,
    quantity,
    unitPriceMinor: 1_000,
    currency: 'EUR',
  }));
}
