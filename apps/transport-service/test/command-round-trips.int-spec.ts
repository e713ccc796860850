import { CommandRead, CommandWrite } from '@logisync/http-kit';
import { assertRoundTrips } from '@logisync/service-harness';
import { randomUUID } from 'node:crypto';
import {
  connectEventBus,
  eventOf,
  packedOrder,
  releasedOrder,
  type EventBus,
} from './support/event-bus';
import { ShipmentChanges } from '../src/application/shipment-changes';
import { recordMilestone } from '../src/domain';
import { TypeOrmShipmentRepository } from '../src/infrastructure/shipment.repository';
import { carrierBody, httpClient, laneBody, secretOf, type HttpResult } from './support/http';
import {
  startTransportService,
  type TransportServiceFixture,
} from './support/transport-service.fixture';

let service: TransportServiceFixture;
let api: ReturnType<typeof httpClient>;
let bus: EventBus;

beforeAll(async () => {
  service = await startTransportService('transport-round-trips');
  api = httpClient(service.baseUrl, { 'x-api-key': service.apiKey });
  bus = await connectEventBus(service);
  expect((await api.post('/v1/carriers', carrierBody('romeo'))).status).toBe(201);
  expect((await api.post('/v1/lanes', laneBody('romeo'))).status).toBe(201);
});

afterAll(async () => {
  await bus?.close();
  await service?.close();
});

async function measured(send: (headers: Record<string, string>) => Promise<HttpResult>) {
  const requestId = randomUUID();
  const result = await send({ 'x-request-id': requestId });
  return { result, statements: service.statements.of(requestId) };
}

function signedAsRomeo(path: string, body: unknown) {
  return measured((headers) =>
    api.signed(path, body, secretOf('romeo'), service.clock.now(), headers),
  );
}

// Each carrier call as the simulator's carriers send it, on the happy path; the count is of
// round trips to PostgreSQL (BEGIN and COMMIT are round trips too).
describe('the carrier webhooks, in SQL round trips', () => {
  it('takes a tender answer and each milestone in at most 3', async () => {
    const orderId = randomUUID();
    await bus.publish('warehouse-service', 'OrderPacked', packedOrder(orderId));
    await bus.publish('order-service', 'OrderReleased', releasedOrder(orderId));
    const [tendered] = await bus.awaitEvents(orderId, 'CarrierTendered');
    const tenderId = tendered.event.tenderId as string;

    const answer = await signedAsRomeo(
      `/v1/carrier/tenders/${encodeURIComponent(tenderId)}/response`,
      { decision: 'ACCEPT' },
    );
    expect(answer.result.status).toBe(200);
    expect(answer.result.body.status).toBe('ACCEPTED');
    assertRoundTrips(answer.statements, 3);
    await bus.awaitEvents(orderId, 'TenderAccepted');

    const trackingNumber = answer.result.body.trackingNumber as string;
    const shipmentId = tendered.event.shipmentId as string;
    await bus.publish(
      'warehouse-service',
      'ShipmentLoaded',
      eventOf('ShipmentLoaded', orderId, 'warehouse-service', {
        orderId,
        shipmentId,
        carrierId: 'romeo',
        trackingNumber,
      }),
    );
    const path = `/v1/carrier/shipments/${trackingNumber}/events`;
    const report = (carrierEventId: string, code: string, minute: number) => ({
      carrierEventId,
      code,
      classifier: 'ACTUAL',
      occurredAt: new Date(Date.UTC(2026, 10, 27, 9, minute)).toISOString(),
    });
    // Until the warehouse's ShipmentLoaded is applied a departure waits; both are one write.
    const departed = await signedAsRomeo(path, report('rt-dep', 'DEPARTED', 0));
    expect(departed.result.status).toBe(200);
    assertRoundTrips(departed.statements, 3);
    await bus.awaitEvents(orderId, 'ShipmentDeparted');

    const inTransit = await signedAsRomeo(path, report('rt-transit', 'IN_TRANSIT', 10));
    expect(inTransit.result.body.outcome).toBe('RECORDED');
    assertRoundTrips(inTransit.statements, 3);
    await bus.awaitEvents(orderId, 'ShipmentInTransit');

    const delivered = await signedAsRomeo(path, {
      ...report('rt-del', 'DELIVERED', 20),
      proofOfDelivery: { receivedBy: 'Ada' },
    });
    expect(delivered.result.body.outcome).toBe('RECORDED');
    assertRoundTrips(delivered.statements, 3);
    await bus.awaitEvents(orderId, 'ShipmentDelivered');

    const repeated = await signedAsRomeo(path, report('rt-transit', 'IN_TRANSIT', 10));
    expect(repeated.result.body.outcome).toBe('DUPLICATE');
    assertRoundTrips(repeated.statements, 3);
  });
});

describe('the write of a carrier call that lost a race', () => {
  it('changes nothing when the shipment changed since the read; the call then reads again', async () => {
    const orderId = randomUUID();
    await bus.publish('warehouse-service', 'OrderPacked', packedOrder(orderId));
    await bus.publish('order-service', 'OrderReleased', releasedOrder(orderId));
    const [tendered] = await bus.awaitEvents(orderId, 'CarrierTendered');
    const tenderPath = `/v1/carrier/tenders/${encodeURIComponent(tendered.event.tenderId)}/response`;
    const accepted = await signedAsRomeo(tenderPath, { decision: 'ACCEPT' });
    const trackingNumber = accepted.result.body.trackingNumber as string;
    const shipments = service.app.get(TypeOrmShipmentRepository);
    const db = service.dataSource.manager;
    const found = await new CommandRead()
      .add('shipment', (p) => shipments.documentSql(p, { trackingNumber }))
      .run<{ shipment: unknown }>(db);
    const row = shipments.restore(found.shipment)!;
    const readVersion = row.version;
    const report = {
      carrierEventId: 'race-1',
      code: 'DEPARTED' as const,
      classifier: 'ACTUAL' as const,
      milestoneAt: Date.now(),
      reportedAt: Date.now(),
      location: null,
      proofOfDelivery: null,
      retractsEventId: null,
      detail: null,
    };
    const transition = recordMilestone(row.state, report, Date.now());
    // What the tender sweeper or a carrier platform's event does to the row meanwhile.
    await service.dataSource.query('UPDATE shipment SET version = version + 1 WHERE id = $1', [
      row.id,
    ]);
    const write = new CommandWrite();
    write.with(
      ...(await service.app
        .get(ShipmentChanges)
        .saveSql(write.params, row, transition, Date.now())),
    );
    expect(await write.run(db, 'EXISTS (SELECT FROM shipment_written)')).toBe(false);
    const [after] = await service.dataSource.query(
      `SELECT version, jsonb_array_length(state->'milestones') AS milestones FROM shipment WHERE id = $1`,
      [row.id],
    );
    // Only the bump of the other writer: neither the state nor the version of this write.
    expect(after).toEqual({ version: readVersion + 1, milestones: 0 });

    const path = `/v1/carrier/shipments/${trackingNumber}/events`;
    const recorded = await signedAsRomeo(path, {
      carrierEventId: 'race-1',
      code: 'DEPARTED',
      classifier: 'ACTUAL',
      occurredAt: new Date().toISOString(),
    });
    expect(recorded.result.status).toBe(200);
    expect(recorded.result.body.shipment.milestones).toHaveLength(1);
  });
});
