import { randomUUID } from 'node:crypto';
import { waitFor } from '@logisync/test-kit';
import { startBillingService, type BillingServiceFixture } from './support/billing-service.fixture';
import { eventBus, milestone, orderReleased } from './support/events';
import { httpClient } from './support/http';

let service: BillingServiceFixture;
let api: ReturnType<typeof httpClient>;
let bus: Awaited<ReturnType<typeof eventBus>>;
const orders = [randomUUID(), randomUUID(), randomUUID()];
const invoiceIds: string[] = [];

beforeAll(async () => {
  service = await startBillingService('billing-api');
  api = httpClient(service.baseUrl, { 'x-api-key': service.apiKey });
  bus = await eventBus(service);
  for (const orderId of orders) {
    await bus.publish('order-service', 'OrderReleased', orderReleased(orderId));
  }
  for (const orderId of orders) {
    const invoice = await waitFor(
      async () => (await api.get(`/v1/invoices?orderId=${orderId}`)).body.items?.[0],
      { description: `the invoice of ${orderId}` },
    );
    invoiceIds.push(invoice.id);
  }
});

afterAll(async () => {
  await bus?.close();
  await service?.close();
});

describe('the billing REST API', () => {
  it('pages invoices with a cursor and filters by status', async () => {
    const first = await api.get('/v1/invoices?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api.get(`/v1/invoices?limit=2&cursor=${first.body.nextCursor}`);
    const ids = [...first.body.items, ...second.body.items].map((i: { id: string }) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual([...invoiceIds].sort());
    expect(second.body.nextCursor).toBeNull();

    const waiting = await api.get('/v1/invoices?status=AWAITING_DELIVERY&limit=200');
    expect(waiting.body.items).toHaveLength(3);
    const issued = await api.get('/v1/invoices?status=ISSUED');
    expect(issued.body).toEqual({ items: [], nextCursor: null });
  });

  it('answers bad input with 400 REQUEST.INVALID naming every field, storing nothing', async () => {
    const list = await api.get('/v1/invoices?status=PAID&limit=0');
    expect(list.status).toBe(400);
    expect(list.contentType).toContain('application/problem+json');
    expect(list.body.code).toBe('REQUEST.INVALID');
    expect(list.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'limit',
      'status',
    ]);

    const hold = await api.post(`/v1/invoices/${invoiceIds[0]}/hold`, { reason: '' });
    expect(hold.status).toBe(400);
    expect(hold.body.errors.map((e: { field: string }) => e.field)).toEqual(['reason']);
    const after = await api.get(`/v1/invoices/${invoiceIds[0]}`);
    expect(after.body.openHolds).toEqual([]);
    expect(after.body.holds).toEqual([]);

    const cursor = await api.get('/v1/invoices?cursor=bm9wZQ');
    expect(cursor.status).toBe(422);
    expect(cursor.body.code).toBe('REQUEST.INVALID_CURSOR');
  });

  it('answers an unknown invoice with 404 and a malformed id with 400', async () => {
    const missing = await api.get(`/v1/invoices/${randomUUID()}`);
    expect(missing.status).toBe(404);
    expect(missing.contentType).toContain('application/problem+json');
    expect(missing.body.code).toBe('INVOICE.NOT_FOUND');
    const hold = await api.post(`/v1/invoices/${randomUUID()}/hold`, { reason: 'x' });
    expect(hold.status).toBe(404);
    const malformed = await api.get('/v1/invoices/not-a-uuid');
    expect(malformed.status).toBe(400);
  });

  it('honours Idempotency-Key on hold: the same request answers the same, once', async () => {
    const id = invoiceIds[1];
    const headers = { 'Idempotency-Key': `hold-${id}` };
    const first = await api.post(`/v1/invoices/${id}/hold`, { reason: 'audit' }, headers);
    const second = await api.post(`/v1/invoices/${id}/hold`, { reason: 'audit' }, headers);
    expect(first.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(first.body.holds).toHaveLength(1);
    const other = await api.post(`/v1/invoices/${id}/hold`, { reason: 'another' }, headers);
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY.REUSED');
    const release = await api.post(`/v1/invoices/${id}/release`, { reason: 'done' });
    expect(release.body).toMatchObject({ status: 'AWAITING_DELIVERY', openHolds: [] });
    const twice = await api.post(`/v1/invoices/${id}/release`, { reason: 'again' });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({
      code: 'BILLING.NOT_HELD',
      currentStatus: 'AWAITING_DELIVERY',
    });
  });

  it('cancels the invoice of a cancelled order and refuses a hold on it', async () => {
    const orderId = orders[2];
    await bus.publish(
      'order-service',
      'OrderCancelled',
      milestone('OrderCancelled', orderId, 5, 'order-service', {
        reason: 'customer',
        cancelledBy: 'erp',
      }),
    );
    await waitFor(
      async () => (await api.get(`/v1/invoices/${invoiceIds[2]}`)).body.status === 'CANCELLED',
      { description: 'the invoice CANCELLED' },
    );
    const hold = await api.post(`/v1/invoices/${invoiceIds[2]}/hold`, { reason: 'x' });
    expect(hold.status).toBe(409);
    expect(hold.body).toMatchObject({
      code: 'BILLING.ORDER_CANCELLED',
      currentStatus: 'CANCELLED',
    });
  });

  it('lists reconciliation runs newest first', async () => {
    const a = await api.post('/v1/reconciliation/runs');
    const b = await api.post('/v1/reconciliation/runs');
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ trigger: 'MANUAL', status: 'COMPLETED', mismatchCount: 0 });
    const runs = await api.get('/v1/reconciliation/runs?limit=1');
    expect(runs.body.items.map((r: { id: string }) => r.id)).toEqual([b.body.id]);
    const next = await api.get(`/v1/reconciliation/runs?limit=1&cursor=${runs.body.nextCursor}`);
    expect(next.body.items.map((r: { id: string }) => r.id)).toEqual([a.body.id]);
  });

  it('serves health, metrics with business gauges, and OpenAPI', async () => {
    expect((await api.get('/health/live')).body).toEqual({ status: 'ok' });
    expect((await api.get('/health/ready')).body).toMatchObject({
      status: 'ok',
      checks: { broker: { status: 'up' } },
    });
    const metrics = await fetch(`${service.baseUrl}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(
      /logisync_billing_invoices\{service="billing-service",status="AWAITING_DELIVERY"\} \d+/,
    );
    expect(metrics).toContain('logisync_events_consumed_total');
    const docs = await api.get('/docs-json');
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/invoices',
        '/v1/invoices/{id}',
        '/v1/invoices/{id}/hold',
        '/v1/invoices/{id}/release',
        '/v1/reconciliation/runs',
      ]),
    );
  });
});
