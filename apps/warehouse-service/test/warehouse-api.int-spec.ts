import { waitFor } from '@logisync/test-kit';
import { randomUUID } from 'node:crypto';
import { eventStreams, orderLines } from './support/event-streams';
import { httpClient, skuBody, warehouseBody } from './support/http';
import {
  startWarehouseService,
  type WarehouseServiceFixture,
} from './support/warehouse-service.fixture';

let service: WarehouseServiceFixture;
let api: ReturnType<typeof httpClient>;
let streams: Awaited<ReturnType<typeof eventStreams>>;

beforeAll(async () => {
  service = await startWarehouseService('warehouse-api');
  api = httpClient(service.baseUrl, { 'x-api-key': service.apiKey });
  streams = await eventStreams(service);
  await api.post('/v1/warehouses', warehouseBody('WH-A'));
  await api.post('/v1/skus', skuBody('SKU-1'));
  await api.post('/v1/skus', skuBody('SKU-2'));
});

afterAll(async () => {
  await streams?.close();
  await service?.close();
});

async function count(table: string): Promise<number> {
  const [{ n }] = await service.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`);
  return n;
}

async function allocatedOrder(lines: [string, number][]): Promise<string> {
  const orderId = randomUUID();
  await streams.fromOrders('OrderReleased', orderId, { lines: orderLines(...lines) });
  await waitFor(() => streams.eventsOf(orderId, 'InventoryAllocated')[0], {
    description: 'the allocation',
  });
  return orderId;
}

describe('warehouse REST API', () => {
  it('creates and lists warehouses and SKUs; a duplicate is a 409', async () => {
    const created = await api.post(
      '/v1/warehouses',
      warehouseBody('WH-B', { region: 'us-east', country: 'US' }),
    );
    expect(created).toMatchObject({
      status: 201,
      body: { id: 'WH-B', name: 'WH-B DC', region: 'us-east', country: 'US' },
    });
    const again = await api.post('/v1/warehouses', warehouseBody('WH-B'));
    expect(again.status).toBe(409);
    expect(again.contentType).toMatch(/application\/problem\+json/);
    expect(again.body.code).toBe('WAREHOUSE.ALREADY_EXISTS');
    expect((await api.get('/v1/warehouses')).body.items.map((w: { id: string }) => w.id)).toEqual([
      'WH-A',
      'WH-B',
    ]);
    expect((await api.post('/v1/skus', skuBody('SKU-1'))).body.code).toBe('SKU.ALREADY_EXISTS');
    expect((await api.get('/v1/skus')).body.items[0]).toEqual(skuBody('SKU-1'));
  });

  it('answers 400 REQUEST.INVALID listing every invalid field, storing nothing', async () => {
    const before = await count('inventory_receipt');
    const bad = await api.post('/v1/inventory/receipts', {
      warehouseId: 'WH-A',
      lines: [
        { sku: 'SKU-1', quantity: 0 },
        { sku: '', quantity: 1.5 },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.contentType).toMatch(/application\/problem\+json/);
    expect(bad.body.code).toBe('REQUEST.INVALID');
    const fields = bad.body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['lines.0.quantity', 'lines.1.quantity', 'lines.1.sku', 'reference']);
    expect(await count('inventory_receipt')).toBe(before);

    const sku = await api.post('/v1/skus', skuBody('SKU-X', { weightGrams: 0, heightMm: -3 }));
    expect(sku.status).toBe(400);
    expect(sku.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'heightMm',
      'weightGrams',
    ]);
    const wh = await api.post('/v1/warehouses', {
      id: 'bad id',
      name: '',
      region: 'eu',
      country: 'Germany',
    });
    expect(wh.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'country',
      'id',
      'name',
    ]);
  });

  it('answers 422 naming an unknown SKU or warehouse', async () => {
    const sku = await api.post('/v1/inventory/receipts', {
      warehouseId: 'WH-A',
      lines: [
        { sku: 'NOPE-1', quantity: 1 },
        { sku: 'SKU-1', quantity: 1 },
        { sku: 'NOPE-2', quantity: 1 },
      ],
      reference: 'r',
    });
    expect(sku.status).toBe(422);
    expect(sku.body).toMatchObject({ code: 'SKU.UNKNOWN', unknownSkus: ['NOPE-1', 'NOPE-2'] });
    const wh = await api.post('/v1/inventory/receipts', {
      warehouseId: 'WH-NOPE',
      lines: [{ sku: 'SKU-1', quantity: 1 }],
      reference: 'r',
    });
    expect(wh.status).toBe(422);
    expect(wh.body).toMatchObject({ code: 'WAREHOUSE.UNKNOWN', unknownWarehouses: ['WH-NOPE'] });
    expect((await api.get('/v1/inventory?sku=NOPE-1')).status).toBe(422);
  });

  it('honours Idempotency-Key on receipts: the same body once, another body a 422', async () => {
    const body = {
      warehouseId: 'WH-A',
      lines: [{ sku: 'SKU-2', quantity: 7 }],
      reference: 'ASN-7',
    };
    const first = await api.post('/v1/inventory/receipts', body, { 'idempotency-key': 'asn-7' });
    const second = await api.post('/v1/inventory/receipts', body, { 'idempotency-key': 'asn-7' });
    expect(first.status).toBe(201);
    expect(second).toEqual(first);
    const other = await api.post(
      '/v1/inventory/receipts',
      { ...body, lines: [{ sku: 'SKU-2', quantity: 8 }] },
      { 'idempotency-key': 'asn-7' },
    );
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY.REUSED');
    const inventory = await api.get('/v1/inventory?sku=SKU-2&warehouseId=WH-A');
    expect(inventory.body.items).toEqual([
      {
        warehouseId: 'WH-A',
        sku: 'SKU-2',
        onHand: 7,
        allocated: 0,
        available: 7,
        received: 7,
        shipped: 0,
      },
    ]);
  });

  it('raises a SHORT_PICK exception on a short pick, refuses over-picks, and lets people resolve it', async () => {
    await api.post('/v1/inventory/receipts', {
      warehouseId: 'WH-A',
      lines: [{ sku: 'SKU-1', quantity: 5 }],
      reference: 'x',
    });
    const orderId = await allocatedOrder([['SKU-1', 3]]);
    const over = await api.post(`/v1/orders/${orderId}/pick`, {
      lines: [{ sku: 'SKU-1', quantityPicked: 4 }],
    });
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({ code: 'WAREHOUSE.OVER_PICK', quantityAllocated: 3 });
    const unknown = await api.post(`/v1/orders/${orderId}/pick`, {
      lines: [{ sku: 'GHOST', quantityPicked: 1 }],
    });
    expect(unknown.body).toMatchObject({
      status: 422,
      code: 'SKU.UNKNOWN',
      unknownSkus: ['GHOST'],
    });

    const picked = await api.post(`/v1/orders/${orderId}/pick`, {
      lines: [{ sku: 'SKU-1', quantityPicked: 2 }],
    });
    expect(picked.body).toMatchObject({
      status: 'PICKED',
      shortPicked: true,
      picked: [{ sku: 'SKU-1', quantity: 2 }],
    });
    const event = await waitFor(() => streams.eventsOf(orderId, 'OrderPicked')[0], {
      description: 'OrderPicked',
    });
    expect(event.event).toMatchObject({
      shortPicked: true,
      lines: [{ sku: 'SKU-1', quantityPicked: 2 }],
    });
    const raised = await waitFor(() => streams.eventsOf(orderId, 'ExceptionRaised')[0], {
      description: 'the short pick',
    });
    expect(raised.event).toMatchObject({
      type: 'OTHER',
      severity: 'MEDIUM',
      sourceService: 'warehouse-service',
    });
    expect(raised.event.details).toMatch(/^SHORT_PICK: short pick in WH-A \(SKU-1 2\/3\)/);

    const [exception] = (await api.get(`/v1/exceptions?orderId=${orderId}&type=SHORT_PICK`)).body
      .items;
    expect(exception).toMatchObject({ status: 'OPEN', id: raised.event.exceptionId });
    const resolved = await api.post(`/v1/exceptions/${exception.id}/resolve`, {
      resolution: 'recounted',
    });
    expect(resolved.body).toMatchObject({ status: 'RESOLVED', resolution: 'recounted' });
    expect(
      (await api.post(`/v1/exceptions/${exception.id}/resolve`, { resolution: 'again' })).status,
    ).toBe(409);
    await waitFor(() => streams.eventsOf(orderId, 'ExceptionResolved')[0], {
      description: 'ExceptionResolved',
    });
  });

  it('answers 404 for unknown orders and shipments, 409 for floor work on a back-ordered order', async () => {
    const unknown = randomUUID();
    const pick = await api.post(`/v1/orders/${unknown}/pick`, {
      lines: [{ sku: 'SKU-1', quantityPicked: 1 }],
    });
    expect(pick).toMatchObject({ status: 404, body: { code: 'ORDER.NOT_FOUND' } });
    expect((await api.post('/v1/shipments/SHP-NONE/load')).body.code).toBe('SHIPMENT.NOT_FOUND');
    expect((await api.get(`/v1/orders/${unknown}`)).status).toBe(404);

    const waiting = randomUUID();
    await streams.fromOrders('OrderReleased', waiting, { lines: orderLines(['SKU-2', 1_000]) });
    await waitFor(() => streams.eventsOf(waiting, 'AllocationFailed')[0], {
      description: 'the shortage',
    });
    const early = await api.post(`/v1/orders/${waiting}/pick`, {
      lines: [{ sku: 'SKU-2', quantityPicked: 1 }],
    });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'ORDER.NOT_ALLOCATED', currentStatus: 'BACKORDERED' });
  });

  it('serves OpenAPI, metrics and health', async () => {
    const docs = await api.get('/docs-json');
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/warehouses',
        '/v1/skus',
        '/v1/inventory/receipts',
        '/v1/inventory',
        '/v1/orders/{orderId}/pick',
        '/v1/orders/{orderId}/pack',
        '/v1/shipments/{shipmentId}/load',
      ]),
    );
    expect((await api.get('/health/live')).body).toEqual({ status: 'ok' });
    expect((await api.get('/health/ready')).body).toMatchObject({
      status: 'ok',
      checks: { broker: { status: 'up' } },
    });
    const metrics = await fetch(`${service.baseUrl}/metrics`);
    const text = await metrics.text();
    expect(text).toMatch(/logisync_events_consumed_total\{[^}]*service="warehouse-service"/);
    const [{ n }] = await service.dataSource.query(
      `SELECT count(*)::int AS n FROM warehouse_order WHERE status = 'BACKORDERED'`,
    );
    expect(n).toBeGreaterThan(0);
    expect(text).toContain(`logisync_backordered_orders{service="warehouse-service"} ${n}`);
    expect(text).toMatch(
      /logisync_open_exceptions\{service="warehouse-service",type="STOCK_SHORTAGE"\} [1-9]/,
    );
  });
});
