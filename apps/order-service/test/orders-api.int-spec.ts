import { newTraceparent, traceIdOf } from '@logisync/event-runtime';
import { randomUUID } from 'node:crypto';
import { customerBody, httpClient, orderBody } from './support/http';
import { startOrderService, type OrderServiceFixture } from './support/order-service.fixture';
import { orderTopicReader } from './support/order-topic.reader';

let service: OrderServiceFixture;
let api: ReturnType<typeof httpClient>;
let topic: Awaited<ReturnType<typeof orderTopicReader>>;

async function count(table: string): Promise<number> {
  const [{ n }] = await service.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`);
  return n;
}

async function newCustomer(overrides: Record<string, unknown> = {}): Promise<string> {
  const created = await api.post('/v1/customers', customerBody(overrides));
  expect(created.status).toBe(201);
  return created.body.id;
}

beforeAll(async () => {
  service = await startOrderService('order-api');
  api = httpClient(service.baseUrl, { 'x-api-key': service.apiKey });
  topic = await orderTopicReader(service);
});

afterAll(async () => {
  await topic?.close();
  await service?.close();
});

describe('the order-service REST API', () => {
  it('creates and lists customers', async () => {
    const id = await newCustomer({ name: 'Listed' });
    expect((await api.get(`/v1/customers/${id}`)).body).toMatchObject({
      id,
      name: 'Listed',
      creditLimit: 100_000,
      currency: 'EUR',
    });
    const list = await api.get('/v1/customers');
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(id);
  });

  it('refuses bad input with a 400 problem listing every invalid field, storing nothing', async () => {
    const ordersBefore = await count('customer_order');
    const bad = await api.post('/v1/orders', {
      customerId: 'not-a-uuid',
      channel: 'FAX',
      lines: [{ sku: '', quantity: 0, unitPrice: 1.5, currency: 'euro' }],
      shipTo: { name: 'Ada', street: 'Main 1', city: 'Berlin', postalCode: '1', country: 'DEU' },
      requestedDeliveryDate: 'tomorrow',
      priority: 'SLOW',
    });
    expect(bad.status).toBe(400);
    expect(bad.contentType).toMatch(/application\/problem\+json/);
    expect(bad.body).toMatchObject({ status: 400, code: 'REQUEST.INVALID' });
    const fields = bad.body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(
      [
        'channel',
        'customerId',
        'lines.0.currency',
        'lines.0.quantity',
        'lines.0.sku',
        'lines.0.unitPrice',
        'priority',
        'region',
        'requestedDeliveryDate',
        'shipTo.country',
      ].sort(),
    );
    expect(await count('customer_order')).toBe(ordersBefore);
  });

  it('answers 404 problems for unknown ids', async () => {
    const missing = await api.get(`/v1/orders/${randomUUID()}`);
    expect(missing.status).toBe(404);
    expect(missing.contentType).toMatch(/application\/problem\+json/);
    expect(missing.body.code).toBe('ORDER.NOT_FOUND');
    expect((await api.post(`/v1/orders/${randomUUID()}/approve`)).status).toBe(404);
    const noCustomer = await api.post('/v1/orders', orderBody(randomUUID()));
    expect(noCustomer.status).toBe(404);
    expect(noCustomer.body.code).toBe('CUSTOMER.NOT_FOUND');
  });

  it('honours Idempotency-Key: same body, same response and one order; other body 422', async () => {
    const customerId = await newCustomer();
    const key = randomUUID();
    const first = await api.post('/v1/orders', orderBody(customerId), { 'idempotency-key': key });
    const again = await api.post('/v1/orders', orderBody(customerId), { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const [{ n }] = await service.dataSource.query(
      'SELECT count(*)::int AS n FROM customer_order WHERE customer_id = $1',
      [customerId],
    );
    expect(n).toBe(1);
    const other = await api.post('/v1/orders', orderBody(customerId, { priority: 'EXPRESS' }), {
      'idempotency-key': key,
    });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY.REUSED');
  });

  it('honours Idempotency-Key on customers too: one customer for a repeated create', async () => {
    const key = randomUUID();
    const body = customerBody({ name: `Idempotent ${key}` });
    const first = await api.post('/v1/customers', body, { 'idempotency-key': key });
    const again = await api.post('/v1/customers', body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const [{ n }] = await service.dataSource.query(
      'SELECT count(*)::int AS n FROM customer WHERE name = $1',
      [body.name],
    );
    expect(n).toBe(1);
  });

  it('answers a retried approval or cancellation with its first answer when it has an Idempotency-Key', async () => {
    const customerId = await newCustomer();
    const orderId = (await api.post('/v1/orders', orderBody(customerId))).body.id;
    const key = { 'idempotency-key': `approve-${orderId}` };
    const approved = await api.post(`/v1/orders/${orderId}/approve`, undefined, key);
    // The client lost the first answer and sends the same request again.
    const again = await api.post(`/v1/orders/${orderId}/approve`, undefined, key);
    expect(approved.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(approved.body);
    expect(again.body.status).toBe('RELEASED');
    // Without the key, a second approval is what it is: a 409 for an order no longer a DRAFT.
    const unkeyed = await api.post(`/v1/orders/${orderId}/approve`);
    expect(unkeyed.status).toBe(409);
    expect(unkeyed.body.code).toBe('ORDER.INVALID_STATE');
    // The key belongs to this request: the same key for another order's approval is a 422.
    const otherOrder = (await api.post('/v1/orders', orderBody(customerId))).body.id;
    const reused = await api.post(`/v1/orders/${otherOrder}/approve`, undefined, key);
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY.REUSED');

    const cancelKey = { 'idempotency-key': `cancel-${orderId}` };
    const reason = { reason: 'Customer changed their mind' };
    const cancelled = await api.post(`/v1/orders/${orderId}/cancel`, reason, cancelKey);
    const cancelledAgain = await api.post(`/v1/orders/${orderId}/cancel`, reason, cancelKey);
    expect(cancelled.status).toBe(200);
    expect(cancelledAgain.status).toBe(200);
    expect(cancelledAgain.body).toEqual(cancelled.body);
    expect(cancelled.body.status).toBe('CANCELLED');
    expect((await api.post(`/v1/orders/${orderId}/cancel`, reason)).status).toBe(409);
    // One event per answered request, read from the topic: the relay sends in commit-id order,
    // so once the cancellation is there, every approval committed before it is too.
    await topic.awaitEvents(orderId, 1, 'OrderCancelled');
    expect(topic.eventsOf(orderId).map((m) => m.headers['event-type'])).toEqual([
      'OrderReleased',
      'OrderCancelled',
    ]);
  });

  it('approves within the credit limit and refuses beyond it with the figures', async () => {
    const customerId = await newCustomer({ creditLimit: 40_000 });
    const first = await api.post('/v1/orders', orderBody(customerId));
    expect(first.body).toMatchObject({ status: 'DRAFT', totalMinor: 25_000 });
    // The caller's trace continues into the event the approval writes.
    const traceparent = newTraceparent();
    const approved = await api.post(`/v1/orders/${first.body.id}/approve`, {}, { traceparent });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('RELEASED');
    const [released] = await topic.awaitEvents(first.body.id, 1, 'OrderReleased');
    expect(traceIdOf(released.headers.traceparent)).toBe(traceIdOf(traceparent));

    const second = await api.post('/v1/orders', orderBody(customerId));
    const refused = await api.post(`/v1/orders/${second.body.id}/approve`);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'ORDER.CREDIT_LIMIT_EXCEEDED',
      creditLimitMinor: 40_000,
      openOrderValueMinor: 25_000,
      orderTotalMinor: 25_000,
      exceededByMinor: 10_000,
      currency: 'EUR',
    });
    expect((await api.get(`/v1/orders/${second.body.id}`)).body.status).toBe('DRAFT');

    const again = await api.post(`/v1/orders/${first.body.id}/approve`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'ORDER.INVALID_STATE', currentStatus: 'RELEASED' });
  });

  it('approves concurrent orders of one customer one at a time: only what fits goes through', async () => {
    const customerId = await newCustomer({ creditLimit: 60_000 });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++)
      ids.push((await api.post('/v1/orders', orderBody(customerId))).body.id);
    const results = await Promise.all(ids.map((id) => api.post(`/v1/orders/${id}/approve`)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 422, 422]);
    const approved = results.flatMap((r, i) => (r.status === 200 ? [ids[i]] : []));
    for (const id of approved) await topic.awaitEvents(id, 1, 'OrderReleased');
    expect(ids.flatMap((id) => topic.eventsOf(id, 'OrderReleased'))).toHaveLength(2);
  });

  it('approves a burst of concurrent orders of one customer without giving up on any', async () => {
    // Every approval of a customer rewrites its row, so a burst keeps invalidating optimistic
    // reads; after two lost races an approval queues on the customer's row lock instead.
    const customerId = await newCustomer({ creditLimit: 10_000_000 });
    const ids: string[] = [];
    for (let i = 0; i < 24; i++)
      ids.push((await api.post('/v1/orders', orderBody(customerId))).body.id);
    const results = await Promise.all(
      ids.map((id) =>
        api.post(`/v1/orders/${id}/approve`, undefined, { 'idempotency-key': `burst-${id}` }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(ids.map(() => 200));
  });

  it('creates one order for concurrent requests with the same Idempotency-Key', async () => {
    const customerId = await newCustomer();
    const key = randomUUID();
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        api.post('/v1/orders', orderBody(customerId), { 'idempotency-key': key }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
  });

  it('cancels a released order once, then answers 409 with the reason', async () => {
    const customerId = await newCustomer();
    const order = await api.post('/v1/orders', orderBody(customerId));
    await api.post(`/v1/orders/${order.body.id}/approve`);
    const noReason = await api.post(`/v1/orders/${order.body.id}/cancel`, {});
    expect(noReason.status).toBe(400);
    const cancelled = await api.post(`/v1/orders/${order.body.id}/cancel`, { reason: 'dup' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('CANCELLED');
    const twice = await api.post(`/v1/orders/${order.body.id}/cancel`, { reason: 'again' });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({
      code: 'ORDER.CANCEL_NOT_ALLOWED',
      currentStatus: 'CANCELLED',
    });
    expect(twice.body.detail).toMatch(/dup/);
    const events = await topic.awaitEvents(order.body.id, 2);
    expect(events.map((e) => e.headers['event-type'])).toEqual(['OrderReleased', 'OrderCancelled']);
  });

  it('lists orders by filter with a cursor', async () => {
    const customerId = await newCustomer();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await api.post('/v1/orders', orderBody(customerId))).body.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await api.get(
        `/v1/orders?customerId=${customerId}&status=DRAFT&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((o: { id: string }) => o.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids);
    expect((await api.get('/v1/orders?status=NOPE&limit=0')).body.errors).toHaveLength(2);
  });

  it('serves metrics and health probes', async () => {
    expect((await api.get('/health/live')).status).toBe(200);
    const ready = await api.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ok');
    for (const check of ['database', 'migrations', 'broker', 'registry', 'consumer']) {
      expect(ready.body.checks[check]).toEqual({ status: 'up' });
    }
    const metrics = await fetch(`${service.baseUrl}/metrics`);
    const text = await metrics.text();
    expect(text).toMatch(/logisync_outbox_backlog\{service="order-service"/);
    // Business gauges from its own database: this file has released and drafted orders by now.
    expect(text).toMatch(/logisync_orders\{service="order-service",status="RELEASED"\} [1-9]/);
    expect(text).toMatch(/logisync_orders\{service="order-service",status="DRAFT"\} [1-9]/);
    expect(text).toContain('# TYPE logisync_open_exceptions gauge');

    // Only the metrics asked for; an unknown name is a 400 naming it.
    const some = await (
      await fetch(`${service.baseUrl}/metrics?name=logisync_outbox_backlog&name=logisync_orders`)
    ).text();
    expect(some).toMatch(/logisync_outbox_backlog\{service="order-service"/);
    expect(some).toMatch(/logisync_orders\{service="order-service",status="RELEASED"\} [1-9]/);
    expect(some).not.toContain('logisync_open_exceptions');
    expect(some).not.toContain('process_cpu');
    const unknown = await fetch(`${service.baseUrl}/metrics?name=logisync_orders&name=nope`);
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({
      title: 'METRICS.UNKNOWN_NAME',
      detail: 'no metric named nope',
      unknown: ['nope'],
    });
  });

  it('serves its OpenAPI document', async () => {
    const doc = await api.get('/docs-json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/v1/orders', '/v1/orders/{id}/approve', '/v1/exceptions']),
    );
  });
});
