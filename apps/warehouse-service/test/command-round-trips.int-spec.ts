import { CommandWrite } from '@logisync/http-kit';
import { assertRoundTrips } from '@logisync/service-harness';
import { waitFor } from '@logisync/test-kit';
import { randomUUID } from 'node:crypto';
import { inventoryBookOf, type InventoryPosition } from '../src/domain';
import { TypeOrmInventoryRepository } from '../src/infrastructure/inventory.repository';
import { eventStreams, orderLines } from './support/event-streams';
import { httpClient, skuBody, warehouseBody, type HttpResult } from './support/http';
import {
  startWarehouseService,
  type WarehouseServiceFixture,
} from './support/warehouse-service.fixture';

let service: WarehouseServiceFixture;
let api: ReturnType<typeof httpClient>;
let streams: Awaited<ReturnType<typeof eventStreams>>;

beforeAll(async () => {
  service = await startWarehouseService('warehouse-round-trips');
  api = httpClient(service.baseUrl, { 'x-api-key': service.apiKey });
  streams = await eventStreams(service);
  expect((await api.post('/v1/warehouses', warehouseBody('WH-RT'))).status).toBe(201);
  for (const sku of ['SKU-R', 'SKU-S']) {
    expect((await api.post('/v1/skus', skuBody(sku))).status).toBe(201);
  }
  const receipt = await api.post('/v1/inventory/receipts', {
    warehouseId: 'WH-RT',
    lines: [
      { sku: 'SKU-R', quantity: 100 },
      { sku: 'SKU-S', quantity: 100 },
    ],
    reference: 'ASN-RT',
  });
  expect(receipt.status).toBe(201);
});

afterAll(async () => {
  await streams?.close();
  await service?.close();
});

async function measured(send: (headers: Record<string, string>) => Promise<HttpResult>) {
  const requestId = randomUUID();
  const result = await send({ 'x-request-id': requestId });
  return { result, statements: service.statements.of(requestId) };
}

async function allocatedOrder(): Promise<string> {
  const orderId = randomUUID();
  await streams.fromOrders('OrderReleased', orderId, {
    lines: orderLines(['SKU-R', 3], ['SKU-S', 1]),
    region: 'eu-west',
  });
  await waitFor(() => streams.eventsOf(orderId, 'InventoryAllocated')[0], {
    description: 'the allocation',
    timeoutMs: 45_000,
  });
  return orderId;
}

const box = { weightGrams: 600, lengthMm: 300, widthMm: 200, heightMm: 100 };
const packages = [
  { ...box, packageId: 'P1', lines: [{ sku: 'SKU-R', quantity: 3 }] },
  { ...box, packageId: 'P2', lines: [{ sku: 'SKU-S', quantity: 1 }] },
];

// Each command as the warehouse devices of the simulator send it, on the happy path; the count
// is of round trips to PostgreSQL (BEGIN and COMMIT are round trips too).
describe('the floor commands, in SQL round trips', () => {
  it('picks, packs and loads in at most 3 each, and tries a load before acceptance in 1', async () => {
    const orderId = await allocatedOrder();
    const pick = await measured((headers) =>
      api.post(
        `/v1/orders/${orderId}/pick`,
        {
          lines: [
            { sku: 'SKU-R', quantityPicked: 3 },
            { sku: 'SKU-S', quantityPicked: 1 },
          ],
        },
        headers,
      ),
    );
    expect(pick.result.body).toMatchObject({ status: 'PICKED', shortPicked: false });
    assertRoundTrips(pick.statements, 3);

    const pack = await measured((headers) =>
      api.post(`/v1/orders/${orderId}/pack`, { packages }, headers),
    );
    expect(pack.result.body.status).toBe('PACKED');
    assertRoundTrips(pack.statements, 3);

    const shipmentId = `SHP-${orderId.slice(0, 8)}`;
    await streams.fromTransport('ShipmentPlanned', orderId, {
      shipmentId,
      originWarehouseId: 'WH-RT',
    });
    await waitFor(
      async () => (await api.get(`/v1/shipments/${shipmentId}`)).body.status === 'PLANNED',
      { description: 'the planned shipment known' },
    );
    // The simulator tries to load every 250 ms until the tender is accepted: each try is cheap.
    const early = await measured((headers) =>
      api.post(`/v1/shipments/${shipmentId}/load`, undefined, headers),
    );
    expect(early.result.status).toBe(409);
    expect(early.result.body.code).toBe('SHIPMENT.TENDER_NOT_ACCEPTED');
    assertRoundTrips(early.statements, 1);

    await streams.fromTransport('TenderAccepted', orderId, {
      shipmentId,
      carrierId: 'DHL',
      trackingNumber: `TRK-${orderId.slice(0, 8)}`,
    });
    await waitFor(
      async () => (await api.get(`/v1/shipments/${shipmentId}`)).body.status === 'TENDER_ACCEPTED',
      { description: 'the tender accepted' },
    );
    const load = await measured((headers) =>
      api.post(`/v1/shipments/${shipmentId}/load`, undefined, headers),
    );
    expect(load.result.status).toBe(200);
    expect(load.result.body.status).toBe('LOADED');
    assertRoundTrips(load.statements, 3);
    const [position] = (await api.get('/v1/inventory?sku=SKU-R&warehouseId=WH-RT')).body.items;
    expect(position).toMatchObject({ onHand: 97, allocated: 0, shipped: 3 });
  });
});

describe('the stock a load moves', () => {
  async function position(): Promise<InventoryPosition> {
    const [p] = (await api.get('/v1/inventory?sku=SKU-S&warehouseId=WH-RT')).body.items;
    const { warehouseId, sku, onHand, allocated, received, shipped } = p;
    return { warehouseId, sku, onHand, allocated, received, shipped };
  }

  it('moves by differences: a receipt committed between the read and the write is kept', async () => {
    const read = await position();
    const issued = { ...read, onHand: read.onHand - 1, shipped: read.shipped + 1 };
    const receipt = await api.post('/v1/inventory/receipts', {
      warehouseId: 'WH-RT',
      lines: [{ sku: 'SKU-S', quantity: 5 }],
      reference: 'ASN-MEANWHILE',
    });
    expect(receipt.status).toBe(201);
    const write = new CommandWrite();
    write.with(
      'always AS (SELECT 1)',
      ...service.app
        .get(TypeOrmInventoryRepository)
        .movedSql(write.params, inventoryBookOf([read]), inventoryBookOf([issued]), 'always'),
    );
    await write.run(service.dataSource.manager, 'true');
    expect(await position()).toEqual({
      ...read,
      onHand: read.onHand + 5 - 1,
      received: read.received + 5,
      shipped: read.shipped + 1,
    });
  });
});
