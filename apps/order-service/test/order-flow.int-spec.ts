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
import { stackEndpoints, uniqueName, waitFor } from '@logisync/test-kit';
import { randomUUID } from 'node:crypto';
import { customerBody, httpClient, orderBody } from './support/http';
import { startOrderService, type OrderServiceFixture } from './support/order-service.fixture';

type Producer = 'warehouse-service' | 'transport-service' | 'billing-service';

let service: OrderServiceFixture;
let api: ReturnType<typeof httpClient>;
const publishers = new Map<Producer, EventPublisher>();
const published: EventMessage<{ orderId: string; meta: { causationId: string | null } }>[] = [];
let subscriber: ReturnType<typeof createSubscriber>;

function at(minute: number): Date {
  return new Date(Date.UTC(2026, 10, 20, 8, minute));
}

/** A valid event of another service, with its own eventId and when it happened. */
function milestone<T extends EventType>(
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

async function publish(producer: Producer, eventType: EventType, event: object) {
  await publishers.get(producer)!.publish(eventType, event as never);
}

async function releasedOrder(): Promise<string> {
  const customer = await api.post('/v1/customers', customerBody({ creditLimit: 10_000_000 }));
  const order = await api.post('/v1/orders', orderBody(customer.body.id));
  const approved = await api.post(`/v1/orders/${order.body.id}/approve`);
  expect(approved.body.status).toBe('RELEASED');
  return order.body.id;
}

beforeAll(async () => {
  service = await startOrderService('order-flow');
  api = httpClient(service.baseUrl, { 'x-api-key': service.apiKey });
  for (const as of ['warehouse-service', 'transport-service', 'billing-service'] as const) {
    const publisher = await createPublisher({
      brokers: stackEndpoints.kafkaBrokers,
      registryUrl: stackEndpoints.registryUrl,
      as,
      topicName: service.topic,
      logger: silentLogger,
    });
    publishers.set(as, publisher);
  }
  subscriber = createSubscriber({
    brokers: stackEndpoints.kafkaBrokers,
    registryUrl: stackEndpoints.registryUrl,
    groupId: uniqueName('order-flow-reader'),
    topics: [service.topic('order.milestones.v1')],
    logger: silentLogger,
  });
  for (const type of [
    'OrderReleased',
    'OrderHeld',
    'OrderHoldReleased',
    'OrderCompleted',
    'ExceptionRaised',
    'ExceptionResolved',
  ] as const) {
    subscriber.on(type, (m) => void published.push(m as never));
  }
  await subscriber.run();
});

afterAll(async () => {
  await subscriber?.stop();
  for (const publisher of publishers.values()) await publisher.disconnect();
  await service?.close();
});

function eventsOf(orderId: string, type?: string) {
  return published.filter(
    (m) => m.event.orderId === orderId && (!type || m.headers['event-type'] === type),
  );
}

describe('the order status across the whole flow, on the real stack', () => {
  it('publishes OrderReleased with the full order, decodable through the registry', async () => {
    const orderId = await releasedOrder();
    await waitFor(() => eventsOf(orderId, 'OrderReleased').length === 1, {
      description: 'OrderReleased on the topic',
    });
    const [released] = eventsOf(orderId, 'OrderReleased');
    expect(released.key).toBe(orderId);
    expect(released.event).toMatchObject({
      orderId,
      channel: 'WEB',
      totalMinor: 25_000,
      currency: 'EUR',
      lines: [
        { lineNo: 1, sku: 'SKU-1', quantity: 2, unitPriceMinor: 10_000, currency: 'EUR' },
        { lineNo: 2, sku: 'SKU-2', quantity: 1, unitPriceMinor: 5_000, currency: 'EUR' },
      ],
      shipTo: { country: 'DE' },
      requestedDeliveryDate: new Date('2026-12-24T00:00:00Z'),
      priority: 'STANDARD',
      region: 'eu-west',
    });
  });

  it('follows a scripted stream, out of order and duplicated, to COMPLETED with each milestone once', async () => {
    const orderId = await releasedOrder();
    const actual = { classifier: 'ACTUAL' as const };
    const w = 'warehouse-service';
    const t = 'transport-service';
    const stream: [Producer, EventType, object][] = [
      [w, 'AllocationFailed', milestone('AllocationFailed', orderId, 1, w)],
      [w, 'InventoryAllocated', milestone('InventoryAllocated', orderId, 2, w)],
      [w, 'OrderPicked', milestone('OrderPicked', orderId, 3, w)],
      [w, 'OrderPacked', milestone('OrderPacked', orderId, 4, w)],
      [w, 'ShipmentLoaded', milestone('ShipmentLoaded', orderId, 5, w)],
      // Transport reports the delivery before the older departure and customs events.
      [t, 'ShipmentDelivered', milestone('ShipmentDelivered', orderId, 10, t, actual)],
      [t, 'ShipmentDeparted', milestone('ShipmentDeparted', orderId, 6, t, actual)],
      [t, 'CustomsCleared', milestone('CustomsCleared', orderId, 8, t, actual)],
      [t, 'CustomsHoldRaised', milestone('CustomsHoldRaised', orderId, 7, t, actual)],
      [t, 'ShipmentInTransit', milestone('ShipmentInTransit', orderId, 9, t, actual)],
      [
        'billing-service',
        'InvoiceIssued',
        milestone('InvoiceIssued', orderId, 11, 'billing-service', { invoiceId: 'inv-1' }),
      ],
      // Late: the tender trouble of minute 4 arrives after everything else and holds nothing.
      [
        t,
        'ExceptionRaised',
        milestone('ExceptionRaised', orderId, 4, t, {
          type: 'TENDER_ALL_REJECTED',
          sourceService: t,
        }),
      ],
      [t, 'TenderAccepted', milestone('TenderAccepted', orderId, 5, t)],
    ];
    for (const [producer, type, event] of stream) await publish(producer, type, event);
    // Replays: the same events again (same eventIds).
    await publish(...stream[2]);
    await publish(...stream[10]);
    await publish(...stream[5]);

    const final = await waitFor(
      async () => {
        const order = await api.get(`/v1/orders/${orderId}`);
        return order.body.status === 'COMPLETED' && order.body.timeline.length === stream.length
          ? order.body
          : undefined;
      },
      { description: 'the order COMPLETED with the whole timeline', timeoutMs: 60_000 },
    );
    const ids = stream.map(([, , e]) => (e as { meta: { eventId: string } }).meta.eventId);
    expect(final.timeline.map((e: { eventId: string }) => e.eventId).sort()).toEqual(
      [...ids].sort(),
    );
    expect(final.timeline[0]).toMatchObject({ type: 'AllocationFailed', producer: w });
    expect(final.holds).toEqual([]);
    expect(final.invoiceId).toBe('inv-1');

    await waitFor(() => eventsOf(orderId, 'OrderCompleted').length >= 1, {
      description: 'OrderCompleted on the topic',
    });
    const [completed] = eventsOf(orderId, 'OrderCompleted');
    expect(completed.event).toMatchObject({ orderId, invoiceId: 'inv-1' });
    expect(completed.event.meta.causationId).toBe(ids[10]);
    await waitFor(() => eventsOf(orderId, 'OrderHoldReleased').length >= 1, {
      description: 'the shortage hold released',
    });
    expect(eventsOf(orderId, 'OrderHeld')[0].event.meta.causationId).toBe(ids[0]);

    const cancel = await api.post(`/v1/orders/${orderId}/cancel`, { reason: 'too late' });
    expect(cancel.status).toBe(409);
    expect(cancel.body).toMatchObject({
      code: 'ORDER.CANCEL_NOT_ALLOWED',
      currentStatus: 'COMPLETED',
    });
    const exceptions = await api.get(`/v1/exceptions?orderId=${orderId}`);
    expect(exceptions.body.items).toMatchObject([
      { type: 'ALLOCATION_SHORTAGE', status: 'RESOLVED' },
    ]);
  });

  it('holds an order on a shortage, with an exception people acknowledge and resolve', async () => {
    const orderId = await releasedOrder();
    await publish(
      'warehouse-service',
      'AllocationFailed',
      milestone('AllocationFailed', orderId, 1, 'warehouse-service'),
    );
    const exception = await waitFor(
      async () => (await api.get(`/v1/exceptions?orderId=${orderId}&status=OPEN`)).body.items[0],
      { description: 'the shortage exception' },
    );
    expect((await api.get(`/v1/orders/${orderId}`)).body).toMatchObject({
      status: 'ON_HOLD',
      holds: [{ reason: 'ALLOCATION_SHORTAGE' }],
    });
    const acknowledged = await api.post(`/v1/exceptions/${exception.id}/acknowledge`);
    expect(acknowledged.body.status).toBe('ACKNOWLEDGED');
    expect((await api.post(`/v1/exceptions/${exception.id}/acknowledge`)).status).toBe(409);
    expect((await api.post(`/v1/exceptions/${exception.id}/resolve`, {})).status).toBe(400);
    const resolved = await api.post(`/v1/exceptions/${exception.id}/resolve`, {
      resolution: 'wait for stock',
    });
    expect(resolved.body).toMatchObject({ status: 'RESOLVED', resolution: 'wait for stock' });
    // Read from the topic: the relay deletes its outbox rows once sent.
    const exceptionEvents = () =>
      eventsOf(orderId)
        .map((m) => m.headers['event-type'])
        .filter((type) => type.startsWith('Exception'));
    await waitFor(() => exceptionEvents().length >= 2, {
      description: 'the exception events on the topic',
    });
    expect(exceptionEvents()).toEqual(['ExceptionRaised', 'ExceptionResolved']);
  });

  it('dead-letters a milestone for an order it never released', async () => {
    const unknown = randomUUID();
    await publish(
      'warehouse-service',
      'OrderPicked',
      milestone('OrderPicked', unknown, 1, 'warehouse-service'),
    );
    await waitFor(
      async () => {
        const metric = await service.metrics
          .getSingleMetric('logisync_events_consumed_total')!
          .get();
        return metric.values.some(
          (v) => v.labels.outcome === 'dead_lettered' && v.labels.event_type === 'OrderPicked',
        );
      },
      { description: 'the OrderPicked dead-lettered' },
    );
    const [{ n }] = await service.dataSource.query(
      'SELECT count(*)::int AS n FROM order_timeline_entry WHERE order_id = $1',
      [unknown],
    );
    expect(n).toBe(0);
  });
});
