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
  service = await startWarehouseService('warehouse-flow');
  api = httpClient(service.baseUrl, { 'x-api-key': service.apiKey });
  streams = await eventStreams(service);
  expect((await api.post('/v1/warehouses', warehouseBody('WH-EU-1'))).status).toBe(201);
  expect(
    (
      await api.post(
        '/v1/warehouses',
        warehouseBody('WH-US-1', { region: 'us-east', country: 'US' }),
      )
    ).status,
  ).toBe(201);
  for (const sku of ['SKU-A', 'SKU-B', 'SKU-C']) {
    expect((await api.post('/v1/skus', skuBody(sku))).status).toBe(201);
  }
});

afterAll(async () => {
  await streams?.close();
  await service?.close();
});

async function inventory(sku: string, warehouseId: string) {
  const rows = (await api.get(`/v1/inventory?sku=${sku}&warehouseId=${warehouseId}`)).body.items;
  return rows[0] as { onHand: number; allocated: number; available: number; shipped: number };
}

function waitForEvent(orderId: string, type: string) {
  return waitFor(() => streams.eventsOf(orderId, type)[0], {
    description: `${type} of ${orderId} on the warehouse topic`,
    timeoutMs: 45_000,
  });
}

describe('warehouse flow on the real stack', () => {
  it('back-orders a shortage, allocates on receipt, then picks, packs and loads after TenderAccepted', async () => {
    const orderId = randomUUID();
    const released = await streams.fromOrders('OrderReleased', orderId, {
      lines: orderLines(['SKU-A', 4], ['SKU-B', 1]),
      region: 'eu-west',
      priority: 'STANDARD',
    });

    const failed = await waitForEvent(orderId, 'AllocationFailed');
    expect(failed.key).toBe(orderId);
    expect(failed.event).toMatchObject({
      orderId,
      reason: 'SHORTAGE',
      backOrdered: true,
      shortLines: [
        { lineNo: 1, sku: 'SKU-A', quantityRequested: 4, quantityAvailable: 0 },
        { lineNo: 2, sku: 'SKU-B', quantityRequested: 1, quantityAvailable: 0 },
      ],
    });
    expect(failed.event.meta.causationId).toBe(released.meta.eventId);
    const raised = await waitForEvent(orderId, 'ExceptionRaised');
    expect(raised.event).toMatchObject({
      type: 'ALLOCATION_SHORTAGE',
      sourceService: 'warehouse-service',
      owner: 'warehouse-ops',
    });
    expect(raised.event.details).toMatch(/^STOCK_SHORTAGE/);
    expect((await api.get(`/v1/orders/${orderId}`)).body.status).toBe('BACKORDERED');

    // A receipt of one SKU is not enough: the order still waits.
    const partial = await api.post('/v1/inventory/receipts', {
      warehouseId: 'WH-EU-1',
      lines: [{ sku: 'SKU-A', quantity: 10 }],
      reference: 'ASN-1',
    });
    expect(partial.status).toBe(201);
    expect(partial.body.allocatedBackorders).toEqual([]);
    const receipt = await api.post('/v1/inventory/receipts', {
      warehouseId: 'WH-EU-1',
      lines: [{ sku: 'SKU-B', quantity: 3 }],
      reference: 'ASN-2',
    });
    expect(receipt.body.allocatedBackorders).toEqual([orderId]);

    const allocated = await waitForEvent(orderId, 'InventoryAllocated');
    expect(allocated.event).toMatchObject({
      orderId,
      warehouseId: 'WH-EU-1',
      lines: [
        { lineNo: 1, sku: 'SKU-A', quantity: 4 },
        { lineNo: 2, sku: 'SKU-B', quantity: 1 },
      ],
    });
    const resolved = await waitForEvent(orderId, 'ExceptionResolved');
    expect(resolved.event.exceptionId).toBe(raised.event.exceptionId);
    expect(await inventory('SKU-A', 'WH-EU-1')).toMatchObject({
      onHand: 10,
      allocated: 4,
      available: 6,
    });

    const packBeforePick = await api.post(`/v1/orders/${orderId}/pack`, {
      packages: [
        {
          packageId: 'P1',
          weightGrams: 900,
          lengthMm: 300,
          widthMm: 200,
          heightMm: 100,
          lines: [{ sku: 'SKU-A', quantity: 4 }],
        },
      ],
    });
    expect(packBeforePick.status).toBe(409);
    expect(packBeforePick.body).toMatchObject({
      code: 'WAREHOUSE.INVALID_TRANSITION',
      currentStatus: 'ALLOCATED',
    });

    const picked = await api.post(`/v1/orders/${orderId}/pick`, {
      lines: [
        { sku: 'SKU-A', quantityPicked: 4 },
        { sku: 'SKU-B', quantityPicked: 1 },
      ],
    });
    expect(picked.body).toMatchObject({ status: 'PICKED', shortPicked: false });
    const packages = [
      {
        packageId: 'P1',
        weightGrams: 2100,
        lengthMm: 400,
        widthMm: 300,
        heightMm: 200,
        lines: [{ sku: 'SKU-A', quantity: 4 }],
      },
      {
        packageId: 'P2',
        weightGrams: 600,
        lengthMm: 300,
        widthMm: 200,
        heightMm: 100,
        lines: [{ sku: 'SKU-B', quantity: 1 }],
      },
    ];
    const short = await api.post(`/v1/orders/${orderId}/pack`, { packages: packages.slice(0, 1) });
    expect(short.status).toBe(422);
    expect(short.body.code).toBe('WAREHOUSE.PACKING_MISMATCH');
    expect((await api.post(`/v1/orders/${orderId}/pack`, { packages })).body.status).toBe('PACKED');
    const packed = await waitForEvent(orderId, 'OrderPacked');
    expect(packed.event.packages).toEqual(packages);

    const shipmentId = `SHP-${orderId.slice(0, 8)}`;
    expect((await api.post(`/v1/shipments/${shipmentId}/load`)).status).toBe(404);
    await streams.fromTransport('ShipmentPlanned', orderId, {
      shipmentId,
      originWarehouseId: 'WH-EU-1',
    });
    const early = await waitFor(
      async () => {
        const r = await api.post(`/v1/shipments/${shipmentId}/load`);
        return r.status === 409 ? r : undefined;
      },
      { description: 'the planned shipment known, not yet loadable' },
    );
    expect(early.body).toMatchObject({
      code: 'SHIPMENT.TENDER_NOT_ACCEPTED',
      currentStatus: 'PLANNED',
    });

    const window = {
      startAt: new Date('2026-12-01T08:00:00Z'),
      endAt: new Date('2026-12-01T12:00:00Z'),
    };
    await streams.fromTransport('TenderAccepted', orderId, {
      shipmentId,
      carrierId: 'DHL',
      trackingNumber: 'TRK-42',
      pickupWindow: window,
    });
    await waitFor(
      async () => (await api.get(`/v1/shipments/${shipmentId}`)).body.status === 'TENDER_ACCEPTED',
      {
        description: 'the tender accepted',
      },
    );
    const loaded = await api.post(`/v1/shipments/${shipmentId}/load`);
    expect(loaded.status).toBe(200);
    expect(loaded.body).toMatchObject({
      status: 'LOADED',
      carrierId: 'DHL',
      trackingNumber: 'TRK-42',
    });
    expect((await api.post(`/v1/shipments/${shipmentId}/load`)).status).toBe(200);

    const shipped = await waitForEvent(orderId, 'ShipmentLoaded');
    expect(shipped.event).toMatchObject({
      orderId,
      shipmentId,
      warehouseId: 'WH-EU-1',
      carrierId: 'DHL',
      trackingNumber: 'TRK-42',
      packages,
    });
    expect(streams.eventsOf(orderId, 'ShipmentLoaded')).toHaveLength(1);
    expect(await inventory('SKU-A', 'WH-EU-1')).toMatchObject({
      onHand: 6,
      allocated: 0,
      shipped: 4,
    });
    expect(await inventory('SKU-B', 'WH-EU-1')).toMatchObject({
      onHand: 2,
      allocated: 0,
      shipped: 1,
    });

    // What the warehouse published for the order, decoded through the registry, in offset order
    // (the relay deletes its outbox rows once sent: the topic is the record).
    const onTopic = await waitFor(
      () => (streams.eventsOf(orderId).length >= 7 ? streams.eventsOf(orderId) : undefined),
      { description: "the order's seven events on the topic" },
    );
    expect(onTopic.map((m) => m.headers['event-type'])).toEqual([
      'AllocationFailed',
      'ExceptionRaised',
      'InventoryAllocated',
      'ExceptionResolved',
      'OrderPicked',
      'OrderPacked',
      'ShipmentLoaded',
    ]);
  });

  it('releases the allocation on OrderCancelled and refuses further floor work', async () => {
    await api.post('/v1/inventory/receipts', {
      warehouseId: 'WH-US-1',
      lines: [{ sku: 'SKU-C', quantity: 5 }],
      reference: 'ASN-US-1',
    });
    const orderId = randomUUID();
    await streams.fromOrders('OrderReleased', orderId, {
      lines: orderLines(['SKU-C', 3]),
      region: 'eu-west',
    });
    // No warehouse in the order's region has SKU-C: any single warehouse that can fill it.
    const allocated = await waitForEvent(orderId, 'InventoryAllocated');
    expect(allocated.event.warehouseId).toBe('WH-US-1');
    expect(await inventory('SKU-C', 'WH-US-1')).toMatchObject({
      onHand: 5,
      allocated: 3,
      available: 2,
    });
    await api.post(`/v1/orders/${orderId}/pick`, { lines: [{ sku: 'SKU-C', quantityPicked: 3 }] });

    const cancelled = await streams.fromOrders('OrderCancelled', orderId, {
      reason: 'customer withdrew',
    });
    const releasedEvent = await waitForEvent(orderId, 'AllocationReleased');
    expect(releasedEvent.event).toMatchObject({
      orderId,
      allocationId: allocated.event.allocationId,
      warehouseId: 'WH-US-1',
      reason: 'ORDER_CANCELLED',
      lines: [{ lineNo: 1, sku: 'SKU-C', quantity: 3 }],
    });
    expect(releasedEvent.event.meta.causationId).toBe(cancelled.meta.eventId);
    expect(await inventory('SKU-C', 'WH-US-1')).toMatchObject({
      onHand: 5,
      allocated: 0,
      available: 5,
    });
    const pack = await api.post(`/v1/orders/${orderId}/pack`, {
      packages: [
        {
          packageId: 'P',
          weightGrams: 1,
          lengthMm: 1,
          widthMm: 1,
          heightMm: 1,
          lines: [{ sku: 'SKU-C', quantity: 3 }],
        },
      ],
    });
    expect(pack.status).toBe(409);
    expect(pack.body).toMatchObject({
      code: 'WAREHOUSE.ORDER_CANCELLED',
      currentStatus: 'CANCELLED',
    });

    // A redelivered cancellation (another eventId) releases nothing twice.
    const again = await streams.fromOrders('OrderCancelled', orderId, { reason: 'again' });
    await waitFor(
      async () =>
        (
          await service.dataSource.query('SELECT 1 FROM processed_event WHERE event_id = $1', [
            again.meta.eventId,
          ])
        ).length === 1,
      { description: 'the second OrderCancelled applied' },
    );
    expect(await inventory('SKU-C', 'WH-US-1')).toMatchObject({ allocated: 0, available: 5 });
    const other = randomUUID();
    await streams.fromOrders('OrderReleased', other, {
      lines: orderLines(['SKU-C', 5]),
      region: 'us-east',
    });
    await waitForEvent(other, 'InventoryAllocated');
    expect(streams.eventsOf(orderId, 'AllocationReleased')).toHaveLength(1);
    expect(await inventory('SKU-C', 'WH-US-1')).toMatchObject({
      onHand: 5,
      allocated: 5,
      available: 0,
    });
  });

  it('cancels a back-ordered order without a release, resolving its shortage exception', async () => {
    const orderId = randomUUID();
    await streams.fromOrders('OrderReleased', orderId, { lines: orderLines(['SKU-B', 50]) });
    await waitForEvent(orderId, 'ExceptionRaised');
    await streams.fromOrders('OrderCancelled', orderId, { reason: 'no stock' });
    const resolved = await waitForEvent(orderId, 'ExceptionResolved');
    expect(resolved.event.resolution).toMatch(/order cancelled/);
    expect((await api.get(`/v1/orders/${orderId}`)).body.status).toBe('CANCELLED');
    expect(streams.eventsOf(orderId, 'AllocationReleased')).toHaveLength(0);
    // A receipt afterwards does not allocate the cancelled order.
    const receipt = await api.post('/v1/inventory/receipts', {
      warehouseId: 'WH-EU-1',
      lines: [{ sku: 'SKU-B', quantity: 60 }],
      reference: 'ASN-3',
    });
    expect(receipt.body.allocatedBackorders).not.toContain(orderId);
  });

  it('applies a redelivered OrderReleased once, whether the same event or the same order again', async () => {
    await api.post('/v1/inventory/receipts', {
      warehouseId: 'WH-EU-1',
      lines: [{ sku: 'SKU-A', quantity: 2 }],
      reference: 'ASN-dup',
    });
    const before = await inventory('SKU-A', 'WH-EU-1');
    const orderId = randomUUID();
    const released = await streams.fromOrders('OrderReleased', orderId, {
      lines: orderLines(['SKU-A', 2]),
    });
    await streams.again('order-service', 'OrderReleased', released);
    await streams.fromOrders('OrderReleased', orderId, { lines: orderLines(['SKU-A', 2]) });
    await waitForEvent(orderId, 'InventoryAllocated');
    expect(await inventory('SKU-A', 'WH-EU-1')).toMatchObject({
      allocated: before.allocated + 2,
    });
    // The cancellation follows the duplicates on the order's partition: when it is applied, so are they.
    await streams.fromOrders('OrderCancelled', orderId, { reason: 'dup check' });
    await waitForEvent(orderId, 'AllocationReleased');
    expect(streams.eventsOf(orderId, 'InventoryAllocated')).toHaveLength(1);
    expect(streams.eventsOf(orderId, 'AllocationReleased')).toHaveLength(1);
    expect(await inventory('SKU-A', 'WH-EU-1')).toMatchObject({
      onHand: before.onHand,
      allocated: before.allocated,
    });
  });

  it('makes a shipment unloadable when its tender is withdrawn, loadable again on a new acceptance', async () => {
    await api.post('/v1/inventory/receipts', {
      warehouseId: 'WH-EU-1',
      lines: [{ sku: 'SKU-B', quantity: 1 }],
      reference: 'ASN-w',
    });
    const orderId = randomUUID();
    await streams.fromOrders('OrderReleased', orderId, { lines: orderLines(['SKU-B', 1]) });
    await waitForEvent(orderId, 'InventoryAllocated');
    await api.post(`/v1/orders/${orderId}/pick`, { lines: [{ sku: 'SKU-B', quantityPicked: 1 }] });
    const box = { packageId: 'B', weightGrams: 600, lengthMm: 300, widthMm: 200, heightMm: 100 };
    await api.post(`/v1/orders/${orderId}/pack`, {
      packages: [{ ...box, lines: [{ sku: 'SKU-B', quantity: 1 }] }],
    });
    const shipmentId = `SHP-W-${orderId.slice(0, 8)}`;
    const window = { startAt: new Date(), endAt: new Date(Date.now() + 3_600_000) };
    await streams.fromTransport('TenderAccepted', orderId, {
      shipmentId,
      carrierId: 'UPS',
      trackingNumber: 'UPS-1',
      pickupWindow: window,
    });
    await streams.fromTransport('TenderWithdrawn', orderId, {
      shipmentId,
      carrierId: 'UPS',
      reason: 'REPLANNED',
    });
    await waitFor(
      async () => (await api.get(`/v1/shipments/${shipmentId}`)).body.status === 'WITHDRAWN',
      { description: 'the tender withdrawn' },
    );
    const refused = await api.post(`/v1/shipments/${shipmentId}/load`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'SHIPMENT.TENDER_NOT_ACCEPTED',
      currentStatus: 'WITHDRAWN',
    });
    await streams.fromTransport('TenderAccepted', orderId, {
      shipmentId,
      carrierId: 'DPD',
      trackingNumber: 'DPD-7',
      pickupWindow: window,
    });
    await waitFor(
      async () => (await api.get(`/v1/shipments/${shipmentId}`)).body.carrierId === 'DPD',
      { description: 'the new acceptance' },
    );
    const loaded = await api.post(`/v1/shipments/${shipmentId}/load`);
    expect(loaded.body).toMatchObject({
      status: 'LOADED',
      carrierId: 'DPD',
      trackingNumber: 'DPD-7',
    });
    const event = await waitForEvent(orderId, 'ShipmentLoaded');
    expect(event.event).toMatchObject({ carrierId: 'DPD', trackingNumber: 'DPD-7' });
  });
});
