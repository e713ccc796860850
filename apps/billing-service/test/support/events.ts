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
import type { BillingServiceFixture } from './billing-service.fixture';

export type Producer = 'order-service' | 'transport-service';

export function at(minute: number): Date {
  return new Date(Date.UTC(2026, 10, 20, 8, minute));
}

/** A valid event of another service, with its own eventId and when it happened. */
export function milestone<T extends EventType>(
  eventType: T,
  orderId: string,
  minute: number,
  producer: Producer,
  overrides: Partial<EventTypeMap[T]> = {},
): EventTypeMap[T] {
  const meta = createEventMeta({
    eventType,
    producer,
    correlationId: orderId,
    tenant: 'acme',
    region: 'eu-west',
    occurredAt: at(minute),
  });
  return sampleEvent(eventType, { ...overrides, orderId, meta } as never);
}

export const orderLines = [
  { lineNo: 1, sku: 'SKU-1', quantity: 2, unitPriceMinor: 10_000, currency: 'EUR' },
  { lineNo: 2, sku: 'SKU-2', quantity: 1, unitPriceMinor: 5_000, currency: 'EUR' },
];

export function orderReleased(orderId: string, minute = 0) {
  return milestone('OrderReleased', orderId, minute, 'order-service', {
    customerId: 'cust-1',
    lines: orderLines,
    totalMinor: 25_000,
    currency: 'EUR',
    region: 'eu-west',
  });
}

export function delivered(orderId: string, minute = 30) {
  return milestone('ShipmentDelivered', orderId, minute, 'transport-service', {
    classifier: 'ACTUAL',
    shipmentId: `shp-${orderId}`,
    milestoneAt: at(minute),
  });
}

export function freight(orderId: string, amountMinor = 1_234, minute = 30) {
  return milestone('FreightCostConfirmed', orderId, minute, 'transport-service', {
    shipmentId: `shp-${orderId}`,
    amountMinor,
    currency: 'EUR',
  });
}

type Published = EventMessage<{ orderId: string; [field: string]: unknown }>;

/** Publishers as order-service and transport-service, and a reader of billing's topic. */
export async function eventBus(service: BillingServiceFixture) {
  const publishers = new Map<Producer, EventPublisher>();
  for (const as of ['order-service', 'transport-service'] as const) {
    publishers.set(
      as,
      await createPublisher({
        brokers: stackEndpoints.kafkaBrokers,
        registryUrl: stackEndpoints.registryUrl,
        as,
        topicName: service.topic,
        logger: silentLogger,
      }),
    );
  }
  const seen: Published[] = [];
  const subscriber = createSubscriber({
    brokers: stackEndpoints.kafkaBrokers,
    registryUrl: stackEndpoints.registryUrl,
    groupId: uniqueName('billing-reader'),
    topics: [service.topic('billing.milestones.v1')],
    logger: silentLogger,
  });
  for (const type of [
    'InvoiceIssued',
    'InvoiceHeld',
    'InvoiceReleased',
    'ExceptionRaised',
  ] as const) {
    subscriber.on(type, (m) => void seen.push(m as never));
  }
  await subscriber.run();
  return {
    async publish(producer: Producer, eventType: EventType, event: object) {
      await publishers.get(producer)!.publish(eventType, event as never);
    },
    eventsOf(orderId: string, type?: string) {
      return seen.filter(
        (m) => m.event.orderId === orderId && (!type || m.headers['event-type'] === type),
      );
    },
    async close() {
      await subscriber.stop();
      for (const p of publishers.values()) await p.disconnect();
    },
  };
}
