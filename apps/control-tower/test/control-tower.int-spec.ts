import { randomUUID } from 'node:crypto';
import {
  createEventMeta,
  sampleEvent,
  type EventType,
  type EventTypeMap,
} from '@logisync/canonical-events';
import { createPublisher, silentLogger, type EventPublisher } from '@logisync/event-runtime';
import { stackEndpoints, waitFor } from '@logisync/test-kit';
import { startControlTower, type ControlTowerFixture } from './support/control-tower.fixture';

type Producer = 'order-service' | 'warehouse-service' | 'transport-service' | 'billing-service';

let tower: ControlTowerFixture;
const publishers = new Map<Producer, EventPublisher>();
const t0 = Date.now() - 60_000;
const at = (s: number) => new Date(t0 + s * 1000);

function milestone<T extends EventType>(
  eventType: T,
  orderId: string,
  s: number,
  producer: Producer,
  causationId: string | null = null,
  overrides: Partial<EventTypeMap[T]> = {},
): EventTypeMap[T] {
  const meta = createEventMeta({
    eventType,
    producer,
    correlationId: orderId,
    causationId,
    tenant: 'acme',
    region: 'eu-west',
    occurredAt: at(s),
  });
  return sampleEvent(eventType, { ...overrides, orderId, meta } as never);
}

async function publish<T extends EventType>(
  producer: Producer,
  eventType: T,
  event: EventTypeMap[T],
) {
  await publishers.get(producer)!.publish(eventType, event);
  return (event as { meta: { eventId: string } }).meta.eventId;
}

// The answers are read loosely here: the assertions say what each must hold.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function get<T = any>(
  path: string,
): Promise<{ status: number; body: T; type: string | null }> {
  const response = await fetch(`${tower.baseUrl}${path}`, {
    headers: { 'x-api-key': tower.apiKey },
  });
  return {
    status: response.status,
    body: (await response.json().catch(() => null)) as T,
    type: response.headers.get('content-type'),
  };
}

beforeAll(async () => {
  tower = await startControlTower('control-tower');
  for (const as of [
    'order-service',
    'warehouse-service',
    'transport-service',
    'billing-service',
  ] as const) {
    publishers.set(
      as,
      await createPublisher({
        brokers: stackEndpoints.kafkaBrokers,
        registryUrl: stackEndpoints.registryUrl,
        as,
        topicName: tower.topic,
        logger: silentLogger,
      }),
    );
  }
});

afterAll(async () => {
  for (const p of publishers.values()) await p.disconnect();
  await tower?.close();
});

describe('the control tower read model, on the real stack', () => {
  it('builds the cross-service timeline with its causation chain and says what the order waits for', async () => {
    const orderId = randomUUID();
    const released = await publish(
      'order-service',
      'OrderReleased',
      milestone('OrderReleased', orderId, 0, 'order-service'),
    );
    const allocated = await publish(
      'warehouse-service',
      'InventoryAllocated',
      milestone('InventoryAllocated', orderId, 1, 'warehouse-service', released),
    );
    await publish(
      'warehouse-service',
      'OrderPicked',
      milestone('OrderPicked', orderId, 2, 'warehouse-service', allocated),
    );
    // Transport's tender arrives on another topic; the order waits for the carrier.
    await publish(
      'warehouse-service',
      'OrderPacked',
      milestone('OrderPacked', orderId, 3, 'warehouse-service'),
    );
    const tendered = milestone('CarrierTendered', orderId, 4, 'transport-service');
    await publish('transport-service', 'CarrierTendered', tendered);
    // A replayed duplicate changes nothing.
    await publish('transport-service', 'CarrierTendered', tendered);

    await waitFor(async () => (await get(`/api/orders/${orderId}`)).body?.timeline?.length === 5, {
      description: 'five milestones recorded',
      timeoutMs: 30_000,
    });
    const { body: order } = await get(`/api/orders/${orderId}`);
    expect(order.status).toBe('PACKED');
    expect(order.waitingFor).toMatchObject({ eventType: 'TenderAccepted', from: 'carrier' });
    expect(
      order.timeline.map((e: { eventType: string; depth: number }) => `${e.depth}:${e.eventType}`),
    ).toEqual([
      '0:OrderReleased',
      '1:InventoryAllocated',
      '2:OrderPicked',
      '0:OrderPacked',
      '0:CarrierTendered',
    ]);
    expect(order.timeline[0]).toMatchObject({
      producer: 'order-service',
      topic: tower.topic('order.milestones.v1'),
    });

    // Search finds the order by its id and by one of its events' ids.
    expect((await get(`/api/search?q=${orderId}`)).body).toEqual([
      { kind: 'order', orderId, status: 'PACKED' },
    ]);
    expect((await get(`/api/search?q=${allocated}`)).body[0]).toMatchObject({
      kind: 'event',
      orderId,
      eventType: 'InventoryAllocated',
    });
  });

  it('keeps the exception queue and the KPIs, and a late older milestone never moves an order back', async () => {
    const orderId = randomUUID();
    await publish(
      'order-service',
      'OrderReleased',
      milestone('OrderReleased', orderId, 10, 'order-service'),
    );
    await publish(
      'warehouse-service',
      'AllocationFailed',
      milestone('AllocationFailed', orderId, 11, 'warehouse-service'),
    );
    const exceptionId = randomUUID();
    await publish(
      'order-service',
      'ExceptionRaised',
      milestone('ExceptionRaised', orderId, 12, 'order-service', null, {
        exceptionId,
        type: 'ALLOCATION_SHORTAGE',
        severity: 'HIGH',
        owner: 'order-desk',
        sourceService: 'order-service',
        slaDueAt: at(12 + 3600),
      }),
    );
    await waitFor(
      async () =>
        (await get('/api/exceptions')).body.some((x: { id: string }) => x.id === exceptionId),
      { description: 'the exception queued', timeoutMs: 30_000 },
    );
    const { body: kpis } = await get('/api/kpis');
    expect(kpis.awaitingAllocation.count).toBeGreaterThanOrEqual(1);
    expect(kpis.openExceptions).toContainEqual({
      type: 'ALLOCATION_SHORTAGE',
      severity: 'HIGH',
      count: expect.any(Number),
    });
    expect((await get(`/api/orders/${orderId}`)).body.waitingFor.why).toMatch(/stock receipt/);

    const metrics = await (await fetch(`${tower.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(
      /logisync_open_exceptions\{type="ALLOCATION_SHORTAGE",severity="HIGH"\} [1-9]/,
    );
    expect(metrics).toMatch(/logisync_orders_awaiting_allocation [1-9]/);
    expect(metrics).toMatch(/logisync_orders\{status="RELEASED"\} [1-9]/);
    expect(metrics).toMatch(/process_cpu_seconds_total [0-9]/);
    expect(metrics).toMatch(/nodejs_eventloop_lag_seconds [0-9]/);

    await publish(
      'warehouse-service',
      'InventoryAllocated',
      milestone('InventoryAllocated', orderId, 20, 'warehouse-service'),
    );
    await publish(
      'order-service',
      'ExceptionResolved',
      milestone('ExceptionResolved', orderId, 21, 'order-service', null, { exceptionId }),
    );
    await publish(
      'order-service',
      'OrderReleased',
      milestone('OrderReleased', orderId, 5, 'order-service'),
    );
    await waitFor(async () => (await get(`/api/orders/${orderId}`)).body.timeline.length === 6, {
      description: 'all recorded',
      timeoutMs: 30_000,
    });
    const { body: order } = await get(`/api/orders/${orderId}`);
    expect(order.status).toBe('ALLOCATED');
    expect(order.holds).toEqual([]);
    expect(
      (await get('/api/exceptions')).body.some((x: { id: string }) => x.id === exceptionId),
    ).toBe(false);
  });

  it('raises an SLA breach once when a milestone is missing, and resolves it when it arrives', async () => {
    const orderId = randomUUID();
    await publish(
      'order-service',
      'OrderReleased',
      milestone('OrderReleased', orderId, 30, 'order-service'),
    );
    await waitFor(async () => (await get(`/api/orders/${orderId}`)).status === 200, {
      description: 'order recorded',
      timeoutMs: 30_000,
    });
    const first = await tower.watchdog.sweep();
    expect(first).toContainEqual({ orderId, ruleId: 'released-to-allocated' });
    expect(await tower.watchdog.sweep()).not.toContainEqual({
      orderId,
      ruleId: 'released-to-allocated',
    });
    const breachId = `${orderId}:released-to-allocated`;
    expect(
      (await get('/api/exceptions')).body.find((x: { id: string }) => x.id === breachId),
    ).toMatchObject({ kind: 'SLA_BREACH', type: 'SLA_BREACH' });
    await publish(
      'warehouse-service',
      'InventoryAllocated',
      milestone('InventoryAllocated', orderId, 40, 'warehouse-service'),
    );
    await waitFor(
      async () =>
        !(await get('/api/exceptions')).body.some((x: { id: string }) => x.id === breachId),
      { description: 'breach resolved', timeoutMs: 30_000 },
    );
  });

  it('answers bad requests and unknown ids with problem+json', async () => {
    const missing = await get(`/api/orders/${randomUUID()}`);
    expect(missing.status).toBe(404);
    expect(missing.type).toContain('application/problem+json');
    expect(missing.body.code).toBe('ORDER.NOT_FOUND');
    const resolveUnknown = await fetch(`${tower.baseUrl}/api/exceptions/${randomUUID()}/resolve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': tower.apiKey },
      body: JSON.stringify({ resolution: 'done' }),
    });
    expect(resolveUnknown.status).toBe(404);
    const noResolution = await fetch(`${tower.baseUrl}/api/exceptions/${randomUUID()}/resolve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': tower.apiKey },
      body: JSON.stringify({}),
    });
    expect(noResolution.status).toBe(400);
    expect(((await noResolution.json()) as { errors: { field: string }[] }).errors[0].field).toBe(
      'resolution',
    );
    const page = await fetch(`${tower.baseUrl}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('/ui/app.js');
  });
});
