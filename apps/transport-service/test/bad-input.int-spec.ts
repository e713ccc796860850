import { deadLetterTopicOf, topicCatalogue } from '@logisync/canonical-events';
import {
  apiKeyHeaders,
  campaignAgainstService,
  type EndpointUnderAttack,
} from '@logisync/test-kit';
import { randomUUID } from 'node:crypto';
import { signWebhook } from '../src/domain';
import { connectEventBus, packedOrder, releasedOrder, type EventBus } from './support/event-bus';
import { carrierBody, httpClient, laneBody, secretOf } from './support/http';
import {
  startTransportService,
  type TransportServiceFixture,
} from './support/transport-service.fixture';

let service: TransportServiceFixture;
let bus: EventBus;

beforeAll(async () => {
  service = await startTransportService('transport-bad-input');
  bus = await connectEventBus(service);
});

afterAll(async () => {
  await bus?.close();
  await service?.close();
});

/** A shipment tendered to the carrier, so that a valid answer to its tender would be taken. */
async function openTender(): Promise<{ tenderId: string; shipmentId: string }> {
  const orderId = randomUUID();
  await bus.publish('order-service', 'OrderReleased', releasedOrder(orderId, 'DE'));
  await bus.publish('warehouse-service', 'OrderPacked', packedOrder(orderId));
  const [tendered] = await bus.awaitEvents(orderId, 'CarrierTendered');
  return { tenderId: tendered.event.tenderId, shipmentId: tendered.event.shipmentId };
}

/** Signed as the carrier would sign it, so that attacks reach validation, not a 401. */
function signedBy(carrierId: string) {
  return (raw: string) => {
    const timestamp = String(Math.floor(service.clock.now() / 1000));
    return {
      'x-logisync-timestamp': timestamp,
      'x-logisync-signature': signWebhook(secretOf(carrierId), timestamp, raw),
    };
  };
}

const pickupWindow = { startAt: '2026-11-27T08:00:00Z', endAt: '2026-11-27T12:00:00Z' };

function endpoints(
  carrierId: string,
  tender: { tenderId: string; shipmentId: string },
): EndpointUnderAttack[] {
  const shipment = { value: tender.shipmentId, kind: 'uuid' as const };
  return [
    {
      method: 'POST',
      path: '/v1/carriers',
      idempotent: true,
      body: carrierBody('new-carrier'),
      fields: { id: 'id', name: 'text', modes: 'enum', webhookSecret: 'text' },
    },
    { method: 'GET', path: '/v1/carriers/:id', params: { id: { value: carrierId, kind: 'id' } } },
    {
      method: 'POST',
      path: '/v1/lanes',
      idempotent: true,
      body: laneBody(carrierId, { destinationCountry: 'FR' }),
      fields: {
        originRegion: 'id',
        destinationCountry: 'id',
        carrierId: 'id',
        priority: 'quantity',
        ratePerKg: 'money',
        currency: 'id',
        transitDays: 'count',
        tenderTimeoutSeconds: 'quantity',
      },
    },
    { method: 'GET', path: '/v1/lanes', query: { originRegion: 'id', destinationCountry: 'id' } },
    { method: 'GET', path: '/v1/shipments', query: { orderId: 'uuid' } },
    { method: 'GET', path: '/v1/shipments/:id', params: { id: shipment } },
    {
      method: 'POST',
      path: '/v1/shipments/:id/assign-carrier',
      params: { id: shipment },
      body: {
        carrierId,
        trackingNumber: 'TRK-ASSIGNED-1',
        pickupWindow,
        freight: { amountMinor: 12_000, currency: 'EUR' },
      },
      optional: ['trackingNumber', 'pickupWindow', 'freight'],
      fields: {
        carrierId: 'id',
        trackingNumber: 'id',
        'pickupWindow.startAt': 'instant',
        'pickupWindow.endAt': 'instant',
        'freight.amountMinor': 'money',
        'freight.currency': 'id',
      },
    },
    {
      method: 'POST',
      path: '/v1/carrier/tenders/:tenderId/response',
      params: { tenderId: { value: tender.tenderId, kind: 'id' } },
      body: { decision: 'ACCEPT', pickupWindow, trackingNumber: 'TRK-TENDER-1' },
      optional: ['pickupWindow', 'trackingNumber'],
      fields: {
        decision: 'enum',
        'pickupWindow.startAt': 'instant',
        'pickupWindow.endAt': 'instant',
        trackingNumber: 'id',
      },
      sign: signedBy(carrierId),
    },
    {
      method: 'POST',
      path: '/v1/carrier/shipments/:trackingNumber/events',
      params: { trackingNumber: { value: 'TRK-UNKNOWN', kind: 'id' } },
      body: {
        carrierEventId: 'evt-1',
        code: 'DELIVERED',
        classifier: 'ACTUAL',
        occurredAt: '2026-11-27T10:00:00Z',
        location: 'DEHAM',
        proofOfDelivery: { signedBy: 'J. Doe', podReference: 'POD-1' },
        retractsEventId: 'evt-0',
      },
      optional: ['location', 'proofOfDelivery', 'proofOfDelivery.signedBy', 'retractsEventId'],
      fields: {
        carrierEventId: 'id',
        code: 'enum',
        classifier: 'enum',
        occurredAt: 'instant',
        'proofOfDelivery.podReference': 'id',
        retractsEventId: 'id',
      },
      sign: signedBy(carrierId),
    },
  ];
}

describe('transport-service under bad input', () => {
  it('answers every attack with a 4xx problem and stores and publishes nothing', async () => {
    const headers = apiKeyHeaders(service);
    const api = httpClient(service.baseUrl);
    expect((await api.post('/v1/carriers', carrierBody('dhl'), headers)).status).toBe(201);
    expect((await api.post('/v1/lanes', laneBody('dhl'), headers)).status).toBe(201);
    const tender = await openTender();

    const campaign = await campaignAgainstService({
      baseUrl: service.baseUrl,
      databaseUrl: service.databaseUrl,
      topics: [
        ...topicCatalogue.filter((t) => t.producer === 'transport-service').map((t) => t.name),
        deadLetterTopicOf('transport-service'),
      ].map(service.topic),
      headers,
      endpoints: endpoints('dhl', tender),
    });

    expect(campaign.report).toBe('');
    expect(campaign.changes).toEqual([]);
    expect(campaign.attacks).toBeGreaterThan(300);
  });
});
