import { privatePostgres, waitFor, type PrivatePostgres } from '@logisync/test-kit';
import { startOrderService, type OrderServiceFixture } from './support/order-service.fixture';
import { customerBody } from './support/http';

describe('the API while its database restarts', () => {
  let postgres: PrivatePostgres;
  let service: OrderServiceFixture;

  beforeAll(async () => {
    postgres = await privatePostgres();
    service = await startOrderService('db-outage-api', postgres.url);
  });

  afterAll(async () => {
    await service?.close().catch(() => undefined);
    postgres?.destroy();
  });

  it('answers 503 with Retry-After while PostgreSQL is down, nothing half-done, then works again', async () => {
    expect((await service.http.post('/v1/customers', customerBody())).status).toBe(201);

    postgres.stop();
    const down = await fetch(`${service.baseUrl}/v1/customers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': service.apiKey },
      body: JSON.stringify(customerBody({ name: 'During the outage' })),
    });
    expect(down.status).toBe(503);
    expect(down.headers.get('content-type')).toContain('application/problem+json');
    expect(down.headers.get('retry-after')).toBe('2');
    expect(await down.json()).toMatchObject({ code: 'SERVICE.UNAVAILABLE', retryAfterSeconds: 2 });
    expect((await service.http.get('/v1/customers')).status).toBe(503);
    expect((await fetch(`${service.baseUrl}/health/ready`)).status).toBe(503);

    postgres.start();
    await waitFor(
      async () =>
        (await service.http.post('/v1/customers', customerBody({ name: 'After' }))).status === 201,
      { description: 'the API working again after the restart', timeoutMs: 60_000 },
    );
    const names = (await service.http.get('/v1/customers')).body.items.map(
      (c: { name: string }) => c.name,
    );
    expect(names).not.toContain('During the outage');
    expect(names).toContain('After');
  });
});
