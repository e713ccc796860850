import { deadLetterTopicOf, topicCatalogue } from '@logisync/canonical-events';
import {
  apiKeyHeaders,
  campaignAgainstService,
  waitFor,
  type EndpointUnderAttack,
} from '@logisync/test-kit';
import { randomUUID } from 'node:crypto';
import { eventStreams, orderLines } from './support/event-streams';
import { httpClient, skuBody, warehouseBody } from './support/http';
import {
  startWarehouseService,
  type WarehouseServiceFixture,
} from './support/warehouse-service.fixture';

let service: WarehouseServiceFixture;
let streams: Awaited<ReturnType<typeof eventStreams>>;

beforeAll(async () => {
  service = await startWarehouseService('warehouse-bad-input');
  streams = await eventStreams(service);
});

afterAll(async () => {
  await streams?.close();
  await service?.close();
});

const dimensions = { weightGrams: 500, lengthMm: 300, widthMm: 200, heightMm: 100 };
const dimensionKinds = {
  weightGrams: 'quantity',
  lengthMm: 'quantity',
  widthMm: 'quantity',
  heightMm: 'quantity',
} as const;

/** An order the warehouse allocated, so a valid pick of it would be accepted. */
async function allocatedOrder(): Promise<string> {
  const orderId = randomUUID();
  await streams.fromOrders('OrderReleased', orderId, { lines: orderLines(['SKU-1', 2]) });
  await waitFor(() => streams.eventsOf(orderId, 'InventoryAllocated')[0], {
    description: 'the allocation',
  });
  return orderId;
}

function endpoints(orderId: string): EndpointUnderAttack[] {
  const order = { value: orderId, kind: 'uuid' as const };
  const unknown = { value: randomUUID(), kind: 'uuid' as const };
  return [
    {
      method: 'POST',
      path: '/v1/warehouses',
      idempotent: true,
      body: warehouseBody('WH-NEW'),
      fields: { id: 'id', name: 'text', region: 'id', country: 'id' },
    },
    {
      method: 'POST',
      path: '/v1/skus',
      idempotent: true,
      body: skuBody('SKU-NEW'),
      fields: { sku: 'id', description: 'text', ...dimensionKinds },
    },
    {
      method: 'POST',
      path: '/v1/inventory/receipts',
      idempotent: true,
      body: { warehouseId: 'WH-A', lines: [{ sku: 'SKU-1', quantity: 5 }], reference: 'ASN-1' },
      fields: {
        warehouseId: 'id',
        'lines.sku': 'id',
        'lines.quantity': 'quantity',
        reference: 'id',
      },
    },
    { method: 'GET', path: '/v1/inventory', query: { sku: 'id', warehouseId: 'id' } },
    { method: 'GET', path: '/v1/orders/:orderId', params: { orderId: order } },
    {
      method: 'POST',
      path: '/v1/orders/:orderId/pick',
      params: { orderId: order },
      body: { lines: [{ sku: 'SKU-1', quantityPicked: 2 }] },
      fields: { 'lines.sku': 'id', 'lines.quantityPicked': 'count' },
    },
    {
      method: 'POST',
      path: '/v1/orders/:orderId/pack',
      params: { orderId: order },
      body: {
        packages: [{ packageId: 'PKG-1', ...dimensions, lines: [{ sku: 'SKU-1', quantity: 2 }] }],
      },
      fields: {
        'packages.packageId': 'id',
        ...Object.fromEntries(Object.entries(dimensionKinds).map(([k, v]) => [`packages.${k}`, v])),
        'packages.lines.sku': 'id',
        'packages.lines.quantity': 'quantity',
      },
    },
    { method: 'GET', path: '/v1/shipments/:shipmentId', params: { shipmentId: unknown } },
    { method: 'POST', path: '/v1/shipments/:shipmentId/load', params: { shipmentId: unknown } },
    {
      method: 'GET',
      path: '/v1/exceptions',
      query: { status: 'enum', orderId: 'uuid', type: 'enum' },
    },
    {
      method: 'POST',
      path: '/v1/exceptions/:id/resolve',
      params: { id: unknown },
      body: { resolution: 'location counted, stock corrected' },
    },
  ];
}

describe('warehouse-service under bad input', () => {
  it('answers every attack with a 4xx problem and stores and publishes nothing', async () => {
    const headers = apiKeyHeaders(service);
    const api = httpClient(service.baseUrl);
    await api.post('/v1/warehouses', warehouseBody('WH-A'), headers);
    await api.post('/v1/skus', skuBody('SKU-1'), headers);
    const receipt = {
      warehouseId: 'WH-A',
      lines: [{ sku: 'SKU-1', quantity: 10 }],
      reference: 'R',
    };
    expect((await api.post('/v1/inventory/receipts', receipt, headers)).status).toBe(201);
    const orderId = await allocatedOrder();

    const campaign = await campaignAgainstService({
      baseUrl: service.baseUrl,
      databaseUrl: service.databaseUrl,
      topics: [
        ...topicCatalogue.filter((t) => t.producer === 'warehouse-service').map((t) => t.name),
        deadLetterTopicOf('warehouse-service'),
      ].map(service.topic),
      headers,
      endpoints: endpoints(orderId),
    });

    expect(campaign.report).toBe('');
    expect(campaign.changes).toEqual([]);
    expect(campaign.attacks).toBeGreaterThan(300);
  });
});
