import { randomUUID } from 'node:crypto';
import { signWebhook } from '../src/domain';
import { connectEventBus, packedOrder, releasedOrder, type EventBus } from './support/event-bus';
import { carrierBody, httpClient, laneBody, secretOf } from './support/http';
import {
  startTransportService,
  type TransportServiceFixture,
} from './support/transport-service.fixture';

let service: TransportServiceFixture;
let api: ReturnType<typeof httpClient>;
let bus: EventBus;

beforeAll(async () => {
  service = await startTransportService('transport-api');
  api = httpClient(service.baseUrl, { 'x-api-key': service.apiKey });
  bus = await connectEventBus(service);
});

afterAll(async () => {
  await bus?.close();
  await service?.close();
});

async function count(table: string): Promise<number> {
  const [{ n }] = await service.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`);
  return n;
}

describe('carriers and lanes', () => {
  it('registers a carrier and never shows its secret', async () => {
    const created = await api.post('/v1/carriers', carrierBody('echo'));
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: 'echo',
      name: 'Carrier echo',
      modes: ['PARCEL', 'LTL'],
      webhookSecretSet: true,
    });
    const listed = await api.get('/v1/carriers');
    expect(listed.body.items.map((c: { id: string }) => c.id)).toContain('echo');
    expect(JSON.stringify(listed.body)).not.toContain(secretOf('echo'));
    expect((await api.get('/v1/carriers/echo')).body.id).toBe('echo');
    const missing = await api.get('/v1/carriers/nobody');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('CARRIER.NOT_FOUND');

    const again = await api.post('/v1/carriers', carrierBody('echo', { name: 'Other' }));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      code: 'CARRIER.ALREADY_EXISTS',
      current: { name: 'Carrier echo' },
    });
  });

  it('answers bad input with 400 listing every invalid field, and stores nothing', async () => {
    const before = await count('carrier');
    const bad = await api.post('/v1/carriers', {
      id: 'has space',
      name: '',
      modes: ['TELEPORT'],
      webhookSecret: 'short',
      extra: 1,
    });
    expect(bad.status).toBe(400);
    expect(bad.contentType).toContain('application/problem+json');
    expect(bad.body.code).toBe('REQUEST.INVALID');
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      ['extra', 'id', 'modes', 'name', 'webhookSecret'].sort(),
    );
    expect(await count('carrier')).toBe(before);

    const lanes = await count('lane');
    const badLane = await api.post('/v1/lanes', {
      ...laneBody('echo'),
      destinationCountry: 'Germany',
      ratePerKg: 1.5,
      currency: 'euro',
      tenderTimeoutSeconds: 0,
    });
    expect(badLane.status).toBe(400);
    expect(badLane.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      ['currency', 'destinationCountry', 'ratePerKg', 'tenderTimeoutSeconds'].sort(),
    );
    expect(await count('lane')).toBe(lanes);
  });

  it('refuses a lane of an unknown carrier with 422 naming it, and lists lanes by route', async () => {
    const unknown = await api.post('/v1/lanes', laneBody('ghost'));
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ code: 'LANE.UNKNOWN_CARRIER', carrierId: 'ghost' });

    await api.post('/v1/carriers', carrierBody('foxtrot'));
    const lane = await api.post('/v1/lanes', laneBody('foxtrot', { destinationCountry: 'AT' }));
    expect(lane.status).toBe(201);
    expect(lane.body).toMatchObject({ carrierId: 'foxtrot', ratePerKg: 100, currency: 'EUR' });
    const listed = await api.get('/v1/lanes?originRegion=eu-west&destinationCountry=AT');
    expect(listed.body.items).toEqual([lane.body]);
  });

  it('honours Idempotency-Key: the same body gets the first response, another body 422', async () => {
    const key = { 'idempotency-key': randomUUID() };
    const first = await api.post('/v1/carriers', carrierBody('golf'), key);
    const second = await api.post('/v1/carriers', carrierBody('golf'), key);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    const other = await api.post('/v1/carriers', carrierBody('hotel'), key);
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY.REUSED');

    const laneKey = { 'idempotency-key': randomUUID() };
    const body = laneBody('golf', { destinationCountry: 'CH' });
    const lane1 = await api.post('/v1/lanes', body, laneKey);
    const lane2 = await api.post('/v1/lanes', body, laneKey);
    expect(lane2.body.id).toBe(lane1.body.id);
    expect((await api.get('/v1/lanes?destinationCountry=CH')).body.items).toHaveLength(1);
  });
});

describe('shipments and carrier webhooks', () => {
  let tenderId: string;
  let shipmentId: string;
  const tenderPath = () => `/v1/carrier/tenders/${encodeURIComponent(tenderId)}/response`;

  beforeAll(async () => {
    await api.post('/v1/carriers', carrierBody('india'));
    await api.post('/v1/carriers', carrierBody('juliet'));
    await api.post('/v1/lanes', laneBody('india', { destinationCountry: 'NL' }));
    const orderId = randomUUID();
    await bus.publish('order-service', 'OrderReleased', releasedOrder(orderId, 'NL'));
    await bus.publish('warehouse-service', 'OrderPacked', packedOrder(orderId));
    const [tendered] = await bus.awaitEvents(orderId, 'CarrierTendered');
    tenderId = tendered.event.tenderId;
    shipmentId = tendered.event.shipmentId;
  });

  it('looks shipments up by id and by order; unknown ids are 404, malformed ones 400', async () => {
    const found = await api.get(`/v1/shipments/${shipmentId}`);
    expect(found.body).toMatchObject({ id: shipmentId, status: 'TENDERED', mode: 'PARCEL' });
    const byOrder = await api.get(`/v1/shipments?orderId=${found.body.orderId}`);
    expect(byOrder.body.items.map((s: { id: string }) => s.id)).toEqual([shipmentId]);
    expect((await api.get(`/v1/shipments?orderId=${randomUUID()}`)).body.items).toEqual([]);
    const missing = await api.get(`/v1/shipments/${randomUUID()}`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('SHIPMENT.NOT_FOUND');
    expect((await api.get('/v1/shipments/not-a-uuid')).status).toBe(400);
    const assign = await api.post(`/v1/shipments/${shipmentId}/assign-carrier`, {
      carrierId: 'india',
    });
    expect(assign.status).toBe(409);
    expect(assign.body).toMatchObject({
      code: 'SHIPMENT.INVALID_STATE',
      currentStatus: 'TENDERED',
    });
  });

  it('refuses unsigned, forged, stale and other carriers signatures with 401, changing nothing', async () => {
    const body = JSON.stringify({ decision: 'ACCEPT' });
    const now = service.clock.now();
    const ts = String(Math.floor(now / 1000));
    const stale = String(Math.floor(now / 1000) - 6 * 60);
    const attempts: Record<string, string>[] = [
      {},
      { 'x-logisync-timestamp': ts, 'x-logisync-signature': 'f'.repeat(64) },
      {
        'x-logisync-timestamp': ts,
        'x-logisync-signature': signWebhook(secretOf('juliet'), ts, body),
      },
      {
        'x-logisync-timestamp': stale,
        'x-logisync-signature': signWebhook(secretOf('india'), stale, body),
      },
      // Signed over other bytes than those sent.
      {
        'x-logisync-timestamp': ts,
        'x-logisync-signature': signWebhook(secretOf('india'), ts, '{"decision":"REJECT"}'),
      },
    ];
    for (const headers of attempts) {
      const result = await api.raw('POST', tenderPath(), body, headers);
      expect(result.status).toBe(401);
      expect(result.contentType).toContain('application/problem+json');
      expect(result.body.code).toMatch(/^TRANSPORT\.SIGNATURE_/);
    }
    expect((await api.get(`/v1/shipments/${shipmentId}`)).body.status).toBe('TENDERED');
  });

  it("refuses a correctly signed answer sent with another carrier's API key: 403, changing nothing", async () => {
    const body = JSON.stringify({ decision: 'ACCEPT' });
    const ts = String(Math.floor(service.clock.now() / 1000));
    const signature = signWebhook(secretOf('india'), ts, body);
    const asJuliet = await api.raw('POST', tenderPath(), body, {
      'x-api-key': service.carrierKeys.juliet,
      'x-logisync-timestamp': ts,
      'x-logisync-signature': signature,
    });
    expect(asJuliet.status).toBe(403);
    expect(asJuliet.body.code).toBe('TRANSPORT.CARRIER_NOT_PERMITTED');
    // India's own key gets past the scope to the signature check (here: a bad one, 401).
    const asIndia = await api.raw('POST', tenderPath(), body, {
      'x-api-key': service.carrierKeys.india,
      'x-logisync-timestamp': ts,
      'x-logisync-signature': 'f'.repeat(64),
    });
    expect(asIndia.status).toBe(401);
    expect(asIndia.body.code).toBe('TRANSPORT.SIGNATURE_INVALID');
    expect((await api.get(`/v1/shipments/${shipmentId}`)).body.status).toBe('TENDERED');
  });

  it('takes a signed answer, 404 for an unknown tender or tracking number, 400 for a bad body', async () => {
    const unknownTender = await api.signed(
      `/v1/carrier/tenders/${randomUUID()}:tender:1/response`,
      { decision: 'ACCEPT' },
      secretOf('india'),
      service.clock.now(),
    );
    expect(unknownTender.status).toBe(404);
    expect(unknownTender.body.code).toBe('TENDER.NOT_FOUND');
    const badBody = await api.signed(
      tenderPath(),
      { decision: 'MAYBE' },
      secretOf('india'),
      service.clock.now(),
    );
    expect(badBody.status).toBe(400);
    expect(badBody.body.errors[0].field).toBe('decision');

    const accepted = await api.signed(
      tenderPath(),
      {
        decision: 'ACCEPT',
        pickupWindow: { startAt: '2026-11-27T08:00:00Z', endAt: '2026-11-27T10:00:00Z' },
      },
      secretOf('india'),
      service.clock.now(),
    );
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      status: 'ACCEPTED',
      carrierId: 'india',
      pickupWindow: { startAt: '2026-11-27T08:00:00.000Z', endAt: '2026-11-27T10:00:00.000Z' },
    });
    expect(accepted.body.trackingNumber).toMatch(/^TRK-/);

    const event = {
      carrierEventId: 'e-1',
      code: 'IN_TRANSIT',
      classifier: 'ACTUAL',
      occurredAt: '2026-11-27T09:00:00Z',
    };
    const unknownTracking = await api.signed(
      '/v1/carrier/shipments/TRK-UNKNOWN/events',
      event,
      secretOf('india'),
      service.clock.now(),
    );
    expect(unknownTracking.status).toBe(404);
    expect(unknownTracking.body.code).toBe('TRACKING_NUMBER.NOT_FOUND');
    const path = `/v1/carrier/shipments/${accepted.body.trackingNumber}/events`;
    const forged = await api.signed(path, event, secretOf('juliet'), service.clock.now());
    expect(forged.status).toBe(401);
    const badEvent = await api.signed(
      path,
      { carrierEventId: '', code: 'TELEPORTED', classifier: 'ACTUAL', occurredAt: 'yesterday' },
      secretOf('india'),
      service.clock.now(),
    );
    expect(badEvent.status).toBe(400);
    expect(badEvent.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'carrierEventId',
      'code',
      'occurredAt',
    ]);
    const noPod = await api.signed(
      path,
      { ...event, carrierEventId: 'e-2', code: 'DELIVERED' },
      secretOf('india'),
      service.clock.now(),
    );
    expect(noPod.status).toBe(422);
    expect(noPod.body.code).toBe('TRANSPORT.PROOF_OF_DELIVERY_MISSING');
    const recorded = await api.signed(path, event, secretOf('india'), service.clock.now());
    expect(recorded.status).toBe(200);
    expect(recorded.body.outcome).toBe('AWAITING_LOADING');
    const repeated = await api.signed(path, event, secretOf('india'), service.clock.now());
    expect(repeated.body.outcome).toBe('DUPLICATE');
    expect(repeated.body.shipment.milestones).toHaveLength(1);
  });
});

describe('operations', () => {
  it('serves OpenAPI, health and metrics', async () => {
    const docs = await api.get('/docs-json');
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/carriers',
        '/v1/lanes',
        '/v1/shipments',
        '/v1/shipments/{id}',
        '/v1/shipments/{id}/assign-carrier',
        '/v1/carrier/tenders/{tenderId}/response',
        '/v1/carrier/shipments/{trackingNumber}/events',
      ]),
    );
    expect((await api.get('/health/live')).body.status).toBe('ok');
    expect((await api.get('/health/ready')).body.status).toBe('ok');
    const metrics = await fetch(`${service.baseUrl}/metrics`);
    const text = await metrics.text();
    expect(text).toContain('logisync_events_consumed_total');
    // The shipment of the webhook tests was accepted: none waits for an answer.
    expect(text).toMatch(
      /logisync_shipments_awaiting_tender_confirmation\{service="transport-service"\} 0/,
    );
    expect(text).toMatch(
      /logisync_open_exceptions\{service="transport-service",type="CUSTOMS_HOLD"\} 0/,
    );
  });
});
