import {
  createEventMeta,
  sampleEvent,
  type EventMeta,
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
import { stackEndpoints, uniqueName, waitFor } from '@logisync/test-kit';
import type { TransportServiceFixture } from './transport-service.fixture';

type As = 'order-service' | 'warehouse-service' | 'external';
type Published = EventMessage<{ orderId: string; meta: EventMeta } & Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

const transportTypes: EventType[] = [
  'ShipmentPlanned',
  'CarrierTendered',
  'TenderAccepted',
  'TenderRejected',
  'TenderWithdrawn',
  'ShipmentDeparted',
  'ShipmentInTransit',
  'CustomsHoldRaised',
  'CustomsCleared',
  'ShipmentDelivered',
  'DeliveryFailed',
  'FreightCostConfirmed',
  'ExceptionRaised',
  'ExceptionResolved',
];

/**
 * The other side of the service on the real stack: the order and warehouse services and a
 * carrier platform publishing through the canonical-events publisher, and a reader of
 * transport.milestones.v1 decoding through the registry.
 */
export async function connectEventBus(service: TransportServiceFixture) {
  const publishers = new Map<As, EventPublisher>();
  for (const as of ['order-service', 'warehouse-service', 'external'] as const) {
    publishers.set(
      as,
      await createPublisher({
        brokers: stackEndpoints.kafkaBrokers,
        registryUrl: stackEndpoints.registryUrl,
        as,
        clientId: as === 'external' ? 'carrier-platform' : as,
        topicName: service.topic,
        logger: silentLogger,
      }),
    );
  }
  const received: Published[] = [];
  const subscriber = createSubscriber({
    brokers: stackEndpoints.kafkaBrokers,
    registryUrl: stackEndpoints.registryUrl,
    groupId: uniqueName('transport-reader'),
    topics: [service.topic('transport.milestones.v1')],
    fromBeginning: true,
    logger: silentLogger,
  });
  for (const type of transportTypes) subscriber.on(type, (m) => void received.push(m as never));
  await subscriber.run();

  const eventsOf = (orderId: string, type?: EventType) =>
    received.filter(
      (m) => m.event.orderId === orderId && (!type || m.headers['event-type'] === type),
    );
  return {
    async publish<T extends EventType>(as: As, type: T, event: EventTypeMap[T]) {
      await publishers.get(as)!.publish(type, event);
    },
    eventsOf,
    /** Waits until `count` events of `type` for the order were published, and returns them. */
    async awaitEvents(orderId: string, type: EventType, count = 1) {
      return waitFor(
        () => (eventsOf(orderId, type).length >= count ? eventsOf(orderId, type) : undefined),
        { description: `${count} ${type} of ${orderId}`, timeoutMs: 40_000 },
      );
    },
    async close() {
      await subscriber.stop();
      for (const p of publishers.values()) await p.disconnect();
    },
  };
}

export type EventBus = Awaited<ReturnType<typeof connectEventBus>>;

/** A valid event of another producer, with its own eventId. */
export function eventOf<T extends EventType>(
  eventType: T,
  orderId: string,
  producer: string,
  overrides: Partial<EventTypeMap[T]> = {},
  metaOverrides: { retractsEventId?: string | null; occurredAt?: Date } = {},
): EventTypeMap[T] {
  const meta = createEventMeta({
    eventType,
    producer,
    correlationId: orderId,
    tenant: 'acme',
    region: 'eu-west',
    ...metaOverrides,
  });
  return sampleEvent(eventType, { ...overrides, meta } as never);
}

export function releasedOrder(orderId: string, country = 'DE') {
  return eventOf('OrderReleased', orderId, 'order-service', {
    orderId,
    region: 'eu-west',
    shipTo: { name: 'Ada', street: 'Main 1', city: 'Berlin', postalCode: '10115', country },
  });
}

/** Two packages: 12.5 kg and 2.5 kg, 40x30x20 cm and 20x20x10 cm. */
export function packedOrder(orderId: string) {
  const pkg = (packageId: string, weightGrams: number, l: number, w: number, h: number) => ({
    packageId,
    weightGrams,
    lengthMm: l,
    widthMm: w,
    heightMm: h,
    lines: [{ sku: 'SKU-1', quantity: 1 }],
  });
  return eventOf('OrderPacked', orderId, 'warehouse-service', {
    orderId,
    warehouseId: 'wh-berlin',
    packages: [pkg('PKG-1', 12_500, 400, 300, 200), pkg('PKG-2', 2_500, 200, 200, 100)],
  });
}
