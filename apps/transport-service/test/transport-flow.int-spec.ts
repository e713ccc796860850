import { OutboxWriter } from '@logisync/event-runtime';
import { waitFor } from '@logisync/test-kit';
import { randomUUID } from 'node:crypto';
import {
  connectEventBus,
  eventOf,
  packedOrder,
  releasedOrder,
  type EventBus,
} from './support/event-bus';
import { TenderTimeoutSweeper } from '../src/application/expire-tenders/tender-timeout.sweeper';
import { ShipmentChanges } from '../src/application/shipment-changes';
import { openTransportDataSource } from '../src/infrastructure/data-source';
import { TypeOrmShipmentRepository } from '../src/infrastructure/shipment.repository';
import { UnitOfWork } from '../src/infrastructure/unit-of-work';
import { carrierBody, httpClient, laneBody, secretOf } from './support/http';
import {
  startTransportService,
  type TransportServiceFixture,
} from './support/transport-service.fixture';

let service: TransportServiceFixture;
let api: ReturnType<typeof httpClient>;
let bus: EventBus;

beforeAll(async () => {
  service = await startTransportService('transport-flow');
  api = httpClient(service.baseUrl, { 'x-api-key': service.apiKey });
  bus = await connectEventBus(service);
  for (const id of ['alpha', 'bravo', 'charlie', 'delta']) {
    expect((await api.post('/v1/carriers', carrierBody(id))).status).toBe(201);
  }
  // DE: bravo (priority 1, cheapest), alpha (priority 1), charlie (priority 2, cheapest of all).
  for (const lane of [
    laneBody('alpha', { ratePerKg: 120 }),
    laneBody('bravo', { ratePerKg: 100 }),
    laneBody('charlie', { priority: 2, ratePerKg: 50, tenderTimeoutSeconds: 600 }),
    laneBody('delta', { destinationCountry: 'FR', ratePerKg: 200 }),
  ]) {
    expect((await api.post('/v1/lanes', lane)).status).toBe(201);
  }
});

afterAll(async () => {
  await bus?.close();
  await service?.close();
});

async function plannedShipment(country = 'DE') {
  const orderId = randomUUID();
  // OrderPacked first: it is parked until the order's release arrives from the other topic.
  const packed = packedOrder(orderId);
  await bus.publish('warehouse-service', 'OrderPacked', packed);
  await bus.publish('order-service', 'OrderReleased', releasedOrder(orderId, country));
  const [tendered] = await bus.awaitEvents(orderId, 'CarrierTendered');
  return {
    orderId,
    shipmentId: tendered.event.shipmentId as string,
    tendered: tendered.event,
    packedEventId: packed.meta.eventId,
  };
}

function answer(tenderId: string, carrierId: string, body: Record<string, unknown>) {
  const path = `/v1/carrier/tenders/${encodeURIComponent(tenderId)}/response`;
  return api.signed(path, body, secretOf(carrierId), service.clock.now());
}

/** The sweeper of a second instance: its own DataSource on the same database. */
async function secondSweeper() {
  const dataSource = await openTransportDataSource(service.databaseUrl);
  const shipments = new TypeOrmShipmentRepository();
  const changes = new ShipmentChanges(shipments, service.app.get(OutboxWriter));
  const sweeper = new TenderTimeoutSweeper(
    new UnitOfWork(dataSource),
    shipments,
    changes,
    service.clock,
    0,
  );
  return { sweeper, close: () => dataSource.destroy() };
}

async function shipmentOf(orderId: string) {
  const list = await api.get(`/v1/shipments?orderId=${orderId}`);
  return list.body.items[0];
}

describe('planning and tendering, on the real stack', () => {
  it('plans from the packages and tenders to the best carrier of the lane', async () => {
    const { orderId, shipmentId, tendered, packedEventId } = await plannedShipment();
    const [planned] = bus.eventsOf(orderId, 'ShipmentPlanned');
    expect(planned.key).toBe(orderId);
    expect(planned.event).toMatchObject({
      shipmentId,
      mode: 'PARCEL',
      originWarehouseId: 'wh-berlin',
      destination: { country: 'DE', city: 'Berlin' },
      totalWeightGrams: 15_000,
      packageCount: 2,
    });
    expect(tendered).toMatchObject({
      carrierId: 'bravo',
      attempt: 1,
      quotedFreightMinor: 1_500,
      currency: 'EUR',
    });
    const expiresIn = tendered.expiresAt.getTime() - tendered.meta.occurredAt.getTime();
    expect(expiresIn).toBe(3600_000);
    expect(tendered.meta.causationId).toBe(packedEventId);

    const shipment = await shipmentOf(orderId);
    expect(shipment).toMatchObject({
      id: shipmentId,
      status: 'TENDERED',
      totalWeightGrams: 15_000,
      totalVolumeCm3: 28_000,
      packageCount: 2,
      carrierId: null,
    });
    expect((await api.get(`/v1/shipments/${shipmentId}`)).body.tenders).toHaveLength(1);
  });

  it('re-tenders on a rejection and on a timeout, holds when every carrier declined, and takes an operator assignment', async () => {
    const { orderId, tendered } = await plannedShipment();
    const rejected = await answer(tendered.tenderId, 'bravo', {
      decision: 'REJECT',
      reason: 'NO_CAPACITY',
    });
    expect(rejected.status).toBe(200);
    const tenders = await bus.awaitEvents(orderId, 'CarrierTendered', 2);
    expect(tenders[1].event).toMatchObject({ carrierId: 'alpha', attempt: 2 });
    const [firstRejection] = bus.eventsOf(orderId, 'TenderRejected');
    expect(firstRejection.event).toMatchObject({ carrierId: 'bravo', reason: 'NO_CAPACITY' });

    // alpha never answers: past its timeout, two service instances sweep at once, on their own
    // connection pools; the tender expires exactly once.
    service.clock.advance(3600_000 + 1_000);
    const other = await secondSweeper();
    const swept = await Promise.all([service.sweeper.sweep(), other.sweeper.sweep()]);
    await other.close();
    expect(swept.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    const after = await bus.awaitEvents(orderId, 'CarrierTendered', 3);
    // Other tests' tenders lapsed too; this order's expired exactly once. Both sweeps committed
    // before the third tender was published (the relay sends in id order), so a second expiry
    // would be on the topic by now (the relay deletes its outbox rows once sent).
    expect(bus.eventsOf(orderId, 'TenderRejected')).toHaveLength(2);
    expect(after[2].event).toMatchObject({ carrierId: 'charlie', attempt: 3 });
    const expired = bus.eventsOf(orderId, 'TenderRejected')[1].event;
    expect(expired).toMatchObject({ carrierId: 'alpha', reason: 'EXPIRED', attempt: 2 });
    expect(await service.sweeper.sweep()).toBe(0);

    const late = await answer(tenders[1].event.tenderId, 'alpha', { decision: 'ACCEPT' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('TRANSPORT.TENDER_EXPIRED');

    await answer(after[2].event.tenderId, 'charlie', { decision: 'REJECT', reason: 'too far' });
    const [raised] = await bus.awaitEvents(orderId, 'ExceptionRaised');
    expect(raised.event).toMatchObject({
      type: 'TENDER_ALL_REJECTED',
      severity: 'HIGH',
      sourceService: 'transport-service',
    });
    expect(bus.eventsOf(orderId, 'TenderRejected')[2].event).toMatchObject({
      reason: 'OTHER',
      detail: 'too far',
    });
    const held = await shipmentOf(orderId);
    expect(held.status).toBe('ON_HOLD');
    expect(held.openException.type).toBe('TENDER_ALL_REJECTED');
    const metrics = await (await fetch(`${service.baseUrl}/metrics`)).text();
    expect(metrics).toContain(
      'logisync_open_exceptions{service="transport-service",type="TENDER_ALL_REJECTED"} 1',
    );

    const assigned = await api.post(`/v1/shipments/${held.id}/assign-carrier`, {
      carrierId: 'alpha',
      trackingNumber: `TRK-${orderId.slice(0, 8)}`,
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ status: 'ACCEPTED', carrierId: 'alpha' });
    const [accepted] = await bus.awaitEvents(orderId, 'TenderAccepted');
    expect(accepted.event).toMatchObject({
      carrierId: 'alpha',
      trackingNumber: `TRK-${orderId.slice(0, 8)}`,
    });
    const [resolved] = await bus.awaitEvents(orderId, 'ExceptionResolved');
    expect(resolved.event.exceptionId).toBe(raised.event.exceptionId);

    const second = await plannedShipment();
    const taken = await answer(second.tendered.tenderId, 'bravo', {
      decision: 'ACCEPT',
      trackingNumber: `TRK-${orderId.slice(0, 8)}`,
    });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('TRACKING_NUMBER.ALREADY_IN_USE');

    const again = await api.post(`/v1/shipments/${held.id}/assign-carrier`, { carrierId: 'bravo' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'SHIPMENT.INVALID_STATE', currentStatus: 'ACCEPTED' });
  });

  it('withdraws the tender when the order is cancelled before loading', async () => {
    const { orderId, tendered } = await plannedShipment();
    await bus.publish(
      'order-service',
      'OrderCancelled',
      eventOf('OrderCancelled', orderId, 'order-service', { orderId, reason: 'customer' }),
    );
    const [withdrawn] = await bus.awaitEvents(orderId, 'TenderWithdrawn');
    expect(withdrawn.event).toMatchObject({
      tenderId: tendered.tenderId,
      carrierId: 'bravo',
      reason: 'ORDER_CANCELLED',
    });
    expect((await shipmentOf(orderId)).status).toBe('CANCELLED');
    const late = await answer(tendered.tenderId, 'bravo', { decision: 'ACCEPT' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('TRANSPORT.TENDER_WITHDRAWN');
  });
});

describe('carrier milestones from a carrier platform and the webhook', () => {
  function reported(
    orderId: string,
    trackingNumber: string,
    carrierEventId: string,
    code: string,
    minute: number,
    extra: Record<string, unknown> = {},
    meta: { retractsEventId?: string } = {},
  ) {
    return eventOf(
      'CarrierMilestoneReported',
      orderId,
      'carrier-platform',
      {
        carrierId: 'delta',
        carrierEventId,
        trackingNumber,
        orderId,
        code: code as never,
        classifier: 'ACTUAL',
        milestoneAt: new Date(Date.UTC(2026, 10, 26, 8, minute)),
        location: {
          name: null,
          unLocode: 'FRPAR',
          facilityCode: null,
          city: null,
          postalCode: null,
          country: null,
          geo: null,
        },
        detail: null,
        proofOfDelivery: null,
        ...extra,
      },
      meta,
    );
  }

  it('applies ACTUAL milestones in order of meaning, not arrival, and retracts a wrong delivery', async () => {
    const { orderId, shipmentId, tendered } = await plannedShipment('FR');
    const trackingNumber = `TRK-${orderId}`;
    const accepted = await answer(tendered.tenderId, 'delta', {
      decision: 'ACCEPT',
      trackingNumber,
      pickupWindow: { startAt: '2026-11-26T07:00:00Z', endAt: '2026-11-26T09:00:00Z' },
    });
    expect(accepted.status).toBe(200);
    await bus.awaitEvents(orderId, 'TenderAccepted');
    const publish = (e: ReturnType<typeof reported>) =>
      bus.publish('external', 'CarrierMilestoneReported', e);

    // DEPARTED before the warehouse's ShipmentLoaded: recorded, held until loading.
    await publish(reported(orderId, trackingNumber, 'dep-1', 'DEPARTED', 10));
    await waitFor(async () => (await shipmentOf(orderId)).milestones.length === 1, {
      description: 'the early departure recorded',
    });
    expect((await shipmentOf(orderId)).status).toBe('ACCEPTED');
    expect(bus.eventsOf(orderId, 'ShipmentDeparted')).toHaveLength(0);
    await bus.publish(
      'warehouse-service',
      'ShipmentLoaded',
      eventOf('ShipmentLoaded', orderId, 'warehouse-service', {
        orderId,
        shipmentId,
        carrierId: 'delta',
        trackingNumber,
      }),
    );
    const [departed] = await bus.awaitEvents(orderId, 'ShipmentDeparted');
    expect(departed.event).toMatchObject({ carrierEventId: 'dep-1', classifier: 'ACTUAL' });

    // In transit, the same report again, an estimate, and an older departure arriving late.
    const transit = reported(orderId, trackingNumber, 'tr-1', 'IN_TRANSIT', 30);
    await publish(transit);
    await publish({ ...reported(orderId, trackingNumber, 'tr-1', 'IN_TRANSIT', 30) });
    await publish(
      reported(orderId, trackingNumber, 'eta-1', 'DELIVERED', 300, { classifier: 'ESTIMATED' }),
    );
    await publish(reported(orderId, trackingNumber, 'dep-0', 'DEPARTED', 5));
    const moving = await waitFor(
      async () => {
        const s = await shipmentOf(orderId);
        return s.milestones.length === 4 ? s : undefined;
      },
      { description: 'four distinct reports recorded' },
    );
    expect(moving.status).toBe('IN_TRANSIT');
    expect(moving.eta).toBe('2026-11-26T13:00:00.000Z');
    expect(bus.eventsOf(orderId, 'ShipmentInTransit')).toHaveLength(1);
    expect(bus.eventsOf(orderId, 'ShipmentDeparted')).toHaveLength(1);

    // Customs: the hold raises an exception, the clearance (by webhook) resolves it.
    await publish(reported(orderId, trackingNumber, 'cus-1', 'CUSTOMS_HOLD', 40));
    const [exception] = await bus.awaitEvents(orderId, 'ExceptionRaised');
    expect(exception.event.type).toBe('CUSTOMS_HOLD');
    await bus.awaitEvents(orderId, 'CustomsHoldRaised');
    const cleared = await api.signed(
      `/v1/carrier/shipments/${trackingNumber}/events`,
      {
        carrierEventId: 'cus-2',
        code: 'CUSTOMS_CLEARED',
        classifier: 'ACTUAL',
        occurredAt: '2026-11-26T09:00:00Z',
      },
      secretOf('delta'),
      service.clock.now(),
    );
    expect(cleared.status).toBe(200);
    expect(cleared.body.shipment.customsHold).toBe(false);
    const [resolution] = await bus.awaitEvents(orderId, 'ExceptionResolved');
    expect(resolution.event.exceptionId).toBe(exception.event.exceptionId);

    // Delivered with proof of delivery: ShipmentDelivered (v2) and the freight, weight x rate.
    const delivery = reported(orderId, trackingNumber, 'del-1', 'DELIVERED', 200, {
      proofOfDelivery: {
        receivedBy: null,
        podReference: 'POD-1',
        signedBy: 'J. Doe',
        photoUrl: null,
        geo: null,
      },
    });
    await publish(delivery);
    const [delivered] = await bus.awaitEvents(orderId, 'ShipmentDelivered');
    expect(delivered.event.meta.schemaVersion).toBe(2);
    expect(delivered.event).toMatchObject({
      carrierEventId: 'del-1',
      classifier: 'ACTUAL',
      proofOfDelivery: { signedBy: 'J. Doe', podReference: 'POD-1' },
    });
    const [freight] = await bus.awaitEvents(orderId, 'FreightCostConfirmed');
    expect(freight.event).toMatchObject({
      carrierId: 'delta',
      amountMinor: 3_000,
      currency: 'EUR',
    });

    // The platform retracts the wrong scan: the delivery is withdrawn by a correction event.
    await publish(
      reported(
        orderId,
        trackingNumber,
        'del-1-retraction',
        'DELIVERED',
        201,
        {},
        {
          retractsEventId: delivery.meta.eventId,
        },
      ),
    );
    const corrections = await bus.awaitEvents(orderId, 'ShipmentDelivered', 2);
    expect(corrections[1].event.meta.retractsEventId).toBe(delivered.event.meta.eventId);
    expect(corrections[1].event.proofOfDelivery).toBeNull();
    const corrected = await shipmentOf(orderId);
    expect(corrected.status).toBe('IN_TRANSIT');
    expect(bus.eventsOf(orderId, 'FreightCostConfirmed')).toHaveLength(1);
  });

  it('applies a retraction that arrives before the report it withdraws', async () => {
    const { orderId, shipmentId, tendered } = await plannedShipment('FR');
    const trackingNumber = `TRK-${orderId}`;
    await answer(tendered.tenderId, 'delta', { decision: 'ACCEPT', trackingNumber });
    await bus.awaitEvents(orderId, 'TenderAccepted');
    await bus.publish(
      'warehouse-service',
      'ShipmentLoaded',
      eventOf('ShipmentLoaded', orderId, 'warehouse-service', { orderId, shipmentId }),
    );
    const wrong = reported(orderId, trackingNumber, 'del-x', 'DELIVERED', 50, {
      proofOfDelivery: {
        receivedBy: 'X',
        podReference: null,
        signedBy: null,
        photoUrl: null,
        geo: null,
      },
    });
    const retractionFirst = reported(
      orderId,
      trackingNumber,
      'del-x-r',
      'DELIVERED',
      51,
      {},
      {
        retractsEventId: wrong.meta.eventId,
      },
    );
    await bus.publish('external', 'CarrierMilestoneReported', retractionFirst);
    await bus.publish('external', 'CarrierMilestoneReported', wrong);
    await bus.publish(
      'external',
      'CarrierMilestoneReported',
      reported(orderId, trackingNumber, 'tr-x', 'IN_TRANSIT', 52),
    );
    await bus.awaitEvents(orderId, 'ShipmentInTransit');
    const shipment = await shipmentOf(orderId);
    expect(shipment.status).toBe('IN_TRANSIT');
    expect(
      shipment.milestones.find((m: { carrierEventId: string }) => m.carrierEventId === 'del-x'),
    ).toMatchObject({ retracted: true });
    expect(bus.eventsOf(orderId, 'ShipmentDelivered')).toHaveLength(0);
    expect(bus.eventsOf(orderId, 'FreightCostConfirmed')).toHaveLength(0);
  });

  it('dead-letters a platform report for a tracking number nobody knows', async () => {
    const event = reported(randomUUID(), 'TRK-NOBODY', 'x-1', 'IN_TRANSIT', 1);
    await bus.publish('external', 'CarrierMilestoneReported', event);
    const outcome = await waitFor(
      async () => {
        const rows: { outcome: string }[] = await service.dataSource.query(
          'SELECT outcome FROM processed_event WHERE event_id = $1',
          [event.meta.eventId],
        );
        return rows[0]?.outcome;
      },
      { description: 'the report dead-lettered' },
    );
    expect(outcome).toBe('dead_lettered');
  });
});
