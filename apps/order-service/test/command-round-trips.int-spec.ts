import { OutboxWriter } from '@logisync/event-runtime';
import { CommandRead, CommandWrite, IdempotencyClaim } from '@logisync/http-kit';
import { assertRoundTrips } from '@logisync/service-harness';
import { randomUUID } from 'node:crypto';
import { toOutboxEntries } from '../src/application/order-event.factory';
import { Order } from '../src/domain/order';
import { TypeOrmOrderRepository } from '../src/infrastructure/order.repository';
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

// What the commands' one write does when it loses a race, shown on the real statements.
describe('the write of a command that lost a race', () => {
  async function rowsOf(orderId: string) {
    const [row] = await service.dataSource.query(
      `SELECT status, version,
         (SELECT count(*)::int FROM outbox_message WHERE key = $1) AS events
       FROM customer_order WHERE id = $1::uuid`,
      [orderId],
    );
    return row as { status: string; version: number; events: number } | undefined;
  }

  it('changes nothing when a milestone changed the order since the read; the command then reads again', async () => {
    const orderId = await draftOrder();
    const orders = service.app.get(TypeOrmOrderRepository);
    const db = service.dataSource.manager;
    const read = await new CommandRead()
      .add('order', (p) => orders.documentSql(p, orderId))
      .run<{ order: unknown }>(db);
    const order = orders.restore(read.order)!;
    const events = order.release();
    // What a milestone's update does to the row meanwhile.
    await service.dataSource.query(
      'UPDATE customer_order SET version = version + 1 WHERE id = $1',
      [orderId],
    );
    const write = new CommandWrite();
    write.with(
      orders.guardedUpdateSql(write.params, order, new Date()),
      await service.app
        .get(OutboxWriter)
        .insertSql(write.params, toOutboxEntries(order, events, null), 'order_written'),
    );
    expect(await write.run(db, 'EXISTS (SELECT FROM order_written)')).toBe(false);
    expect(await rowsOf(orderId)).toEqual({ status: 'DRAFT', version: 2, events: 0 });

    expect((await api.post(`/v1/orders/${orderId}/approve`)).status).toBe(200);
    expect(await rowsOf(orderId)).toEqual({ status: 'RELEASED', version: 3, events: 1 });
  });

  it('writes nothing at all when a concurrent request took its Idempotency-Key first', async () => {
    const claim = new IdempotencyClaim('POST /v1/orders', randomUUID(), { any: 'request' });
    await service.dataSource.query(
      `INSERT INTO idempotency_key (scope, key, request_hash) VALUES ($1, $2, 'the other one')`,
      [claim.scope, claim.key],
    );
    const now = new Date();
    const { lines, requestedDeliveryDate, ...rest } = orderBody(customerId);
    const order = Order.create({
      ...(rest as Omit<Parameters<typeof Order.create>[0], 'lines'>),
      id: randomUUID(),
      createdAt: now,
      requestedDeliveryDate: new Date(`${requestedDeliveryDate}T00:00:00Z`),
      lines: (lines as { unitPrice: number }[]).map(({ unitPrice, ...l }) => ({
        ...(l as { sku: string; quantity: number; currency: string }),
        unitPriceMinor: unitPrice,
      })),
    });
    const write = new CommandWrite();
    write.with(
      ...service.app.get(TypeOrmOrderRepository).insertSql(write.params, order, now),
      ...claim.insertSql(write.params, { status: 201, body: {} }),
    );
    const error = await write.run(service.dataSource.manager, 'true').catch((e: unknown) => e);
    expect(IdempotencyClaim.isTakenBy(error)).toBe(true);
    expect(await rowsOf(order.id)).toBeUndefined();
  });
});
