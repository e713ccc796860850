import { assertRoundTrips } from '@logisync/service-harness';
import { randomUUID } from 'node:crypto';
import { customerBody, httpClient, orderBody, type HttpResult } from './support/http';
import { startOrderService, type OrderServiceFixture } from './support/order-service.fixture';

let service: OrderServiceFixture;
let api: ReturnType<typeof httpClient>;
let customerId: string;

beforeAll(async () => {
  service = await startOrderService('order-round-trips');
  api = httpClient(service.baseUrl, { 'x-api-key': service.apiKey });
  customerId = (await api.post('/v1/customers', customerBody())).body.id;
});

afterAll(async () => {
  await service?.close();
});

/** Sends one request under its own request id and returns the answer and the SQL it sent. */
async function measured(send: (headers: Record<string, string>) => Promise<HttpResult>) {
  const requestId = randomUUID();
  const result = await send({ 'x-request-id': requestId });
  return { result, statements: service.statements.of(requestId) };
}

async function draftOrder(): Promise<string> {
  const created = await api.post('/v1/orders', orderBody(customerId), {
    'idempotency-key': randomUUID(),
  });
  expect(created.status).toBe(201);
  return created.body.id;
}

// Each command as the simulator sends it (with its Idempotency-Key), on the happy path; the
// count is of round trips to PostgreSQL (BEGIN and COMMIT are round trips too).
describe('the commands of the order flow, in SQL round trips', () => {
  it('creates an order in at most 3', async () => {
    const { result, statements } = await measured((headers) =>
      api.post('/v1/orders', orderBody(customerId), {
        ...headers,
        'idempotency-key': randomUUID(),
      }),
    );
    expect(result.status).toBe(201);
    assertRoundTrips(statements, 3);
  });

  it('approves an order in at most 3', async () => {
    const orderId = await draftOrder();
    const { result, statements } = await measured((headers) =>
      api.post(`/v1/orders/${orderId}/approve`, undefined, {
        ...headers,
        'idempotency-key': `approve-${orderId}`,
      }),
    );
    expect(result.status).toBe(200);
    expect(result.body.status).toBe('RELEASED');
    assertRoundTrips(statements, 3);
  });

  it('cancels a released order in at most 3', async () => {
    const orderId = await draftOrder();
    expect((await api.post(`/v1/orders/${orderId}/approve`)).status).toBe(200);
    const { result, statements } = await measured((headers) =>
      api.post(
        `/v1/orders/${orderId}/cancel`,
        { reason: 'customer changed their mind' },
        { ...headers, 'idempotency-key': `cancel-${orderId}-1` },
      ),
    );
    expect(result.status).toBe(200);
    expect(result.body.status).toBe('CANCELLED');
    assertRoundTrips(statements, 3);
  });

  it('answers a repeated Idempotency-Key in at most 3, and another body with it in at most 3', async () => {
    const key = randomUUID();
    const body = orderBody(customerId);
    expect((await api.post('/v1/orders', body, { 'idempotency-key': key })).status).toBe(201);
    const again = await measured((headers) =>
      api.post('/v1/orders', body, { ...headers, 'idempotency-key': key }),
    );
    expect(again.result.status).toBe(201);
    assertRoundTrips(again.statements, 3);
    const other = await measured((headers) =>
      api.post('/v1/orders', orderBody(customerId, { channel: 'EDI' }), {
        ...headers,
        'idempotency-key': key,
      }),
    );
    expect(other.result.status).toBe(422);
    assertRoundTrips(other.statements, 3);
  });
});
