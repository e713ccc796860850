import 'reflect-metadata';
import {
  Body,
  Controller,
  Get,
  Headers,
  Inject,
  Module,
  Post,
  type INestApplication,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { freshDatabase, httpClient, type FreshDatabase } from '@logisync/test-kit';
import { DataSource } from 'typeorm';
import {
  ApiGovernanceModule,
  generateApiKey,
  hashApiKey,
  idempotencyKeyTableSql,
  idempotent,
  ProblemDetailsFilter,
  Public,
  RequireScopes,
  type ApiGovernanceOptions,
} from '../src';

const DATA_SOURCE = Symbol('DATA_SOURCE');

@Controller()
class ThingsController {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  @RequireScopes('things:read', 'things:write')
  @Get('v1/things')
  list() {
    return { items: [] };
  }

  /** Creates a thing; with an Idempotency-Key the same client gets the first answer again. */
  @RequireScopes('things:write')
  @Post('v1/things')
  async create(@Body() body: { name: string }, @Headers('idempotency-key') key?: string) {
    const response = await this.dataSource.transaction((tx) =>
      idempotent(tx, 'POST /v1/things', key, body, async () => {
        const [row] = await tx.query(`INSERT INTO thing (name) VALUES ($1) RETURNING id`, [
          body.name,
        ]);
        return { status: 201, body: { id: row.id } };
      }),
    );
    return response.body;
  }

  @RequireScopes('carrier:*')
  @Get('v1/carrier/anything')
  carrier() {
    return { ok: true };
  }

  @Public()
  @Get('health/live')
  live() {
    return { status: 'ok' };
  }
}

const keys = { reader: generateApiKey(), writer: generateApiKey(), other: generateApiKey() };
const slow = generateApiKey();

function options(ttlMs: number): ApiGovernanceOptions {
  return {
    clients: [
      { client: 'reader', keySha256: hashApiKey(keys.reader), scopes: ['things:read'] },
      { client: 'writer', keySha256: hashApiKey(keys.writer), scopes: ['things:write'] },
      { client: 'other', keySha256: hashApiKey(keys.other), scopes: ['things:*', 'carrier:C1'] },
      {
        client: 'slow',
        keySha256: hashApiKey(slow),
        scopes: ['things:read'],
        rateLimit: { perSecond: 0.2, burst: 2 },
      },
    ],
    rateLimit: { perSecond: 1000, burst: 1000 },
    idempotencyTtlMs: ttlMs,
  };
}

let db: FreshDatabase;
let dataSource: DataSource;
const apps: INestApplication[] = [];

async function start(ttlMs = 60_000) {
  @Module({
    imports: [ApiGovernanceModule.forRoot(options(ttlMs))],
    controllers: [ThingsController],
    providers: [{ provide: DATA_SOURCE, useValue: dataSource }],
  })
  class ThingsModule {}
  const app = await NestFactory.create(ThingsModule, { logger: false });
  app.useGlobalFilters(new ProblemDetailsFilter());
  await app.listen(0, '127.0.0.1');
  apps.push(app);
  return (await app.getUrl()).replace('[::1]', '127.0.0.1');
}

beforeAll(async () => {
  db = await freshDatabase('api-governance');
  dataSource = await new DataSource({ type: 'postgres', url: db.url }).initialize();
  await dataSource.query(idempotencyKeyTableSql);
  await dataSource.query(`CREATE TABLE thing (id serial PRIMARY KEY, name text NOT NULL)`);
});

afterAll(async () => {
  for (const app of apps) await app.close();
  await dataSource?.destroy();
  await db?.drop();
});

describe('API keys, scopes, rate limits and request ids', () => {
  let url: string;
  beforeAll(async () => {
    url = await start();
  });

  it('refuses a request without a key or with an unknown key: 401 problem+json with the request id', async () => {
    const missing = await fetch(`${url}/v1/things`, { headers: { 'x-request-id': 'req-42' } });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect(missing.headers.get('www-authenticate')).toBe('ApiKey header="x-api-key"');
    expect(missing.headers.get('x-request-id')).toBe('req-42');
    const body = await missing.json();
    expect(body).toMatchObject({ status: 401, code: 'AUTH.API_KEY_MISSING', requestId: 'req-42' });
    expect(JSON.stringify(body)).not.toMatch(/stack|at .*\.ts/);

    const wrong = await httpClient(url, { 'x-api-key': `${keys.reader}x` }).get('/v1/things');
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('AUTH.API_KEY_INVALID');
    expect(wrong.body.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('lets a client in with one of the route scopes, and refuses others 403 naming them', async () => {
    expect((await httpClient(url, { 'x-api-key': keys.reader }).get('/v1/things')).status).toBe(
      200,
    );
    const refused = await httpClient(url, { 'x-api-key': keys.reader }).post('/v1/things', {
      name: 'x',
    });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      code: 'AUTH.SCOPE_MISSING',
      requiredScopes: ['things:write'],
    });
    const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM thing`);
    expect(count).toBe(0);
  });

  it('leaves Public routes open', async () => {
    expect((await fetch(`${url}/health/live`)).status).toBe(200);
  });

  it('refuses to start an app with a route that declares neither scopes nor Public', async () => {
    @Controller('v1')
    class ForgetfulController {
      @Get('forgotten')
      forgotten() {
        return { ok: true };
      }
    }
    @Module({
      imports: [ApiGovernanceModule.forRoot(options(60_000))],
      controllers: [ForgetfulController],
    })
    class ForgetfulModule {}
    const app = await NestFactory.create(ForgetfulModule, { logger: false });
    await expect(app.init()).rejects.toThrow(
      /without @RequireScopes or @Public.*GET \/v1\/forgotten/,
    );
    await app.close();
  });

  it('accepts any carrier grant on a carrier:* route and a resource:* grant on its items', async () => {
    const other = httpClient(url, { 'x-api-key': keys.other });
    expect((await other.get('/v1/carrier/anything')).status).toBe(200);
    expect((await other.get('/v1/things')).status).toBe(200);
    expect(
      (await httpClient(url, { 'x-api-key': keys.writer }).get('/v1/carrier/anything')).status,
    ).toBe(403);
  });

  it('answers 429 with Retry-After once a client has spent its burst, other clients unaffected', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    let body: Record<string, unknown> = {};
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${url}/v1/things`, { headers: { 'x-api-key': slow } });
      statuses.push(response.status);
      if (response.status === 429) {
        retryAfter = response.headers.get('retry-after');
        body = (await response.json()) as Record<string, unknown>;
      }
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(body).toMatchObject({ status: 429, code: 'RATE_LIMIT.EXCEEDED' });
    expect((await httpClient(url, { 'x-api-key': keys.reader }).get('/v1/things')).status).toBe(
      200,
    );
  });

  it('keeps Idempotency-Keys per client: the same key from two clients creates two things', async () => {
    const headers = { 'idempotency-key': 'same-key' };
    const writer = httpClient(url, { 'x-api-key': keys.writer });
    const first = await writer.post('/v1/things', { name: 'a' }, headers);
    const again = await writer.post('/v1/things', { name: 'a' }, headers);
    expect(again.body.id).toBe(first.body.id);
    const fromOther = await httpClient(url, { 'x-api-key': keys.other }).post(
      '/v1/things',
      { name: 'a' },
      headers,
    );
    expect(fromOther.status).toBe(201);
    expect(fromOther.body.id).not.toBe(first.body.id);
    const reused = await writer.post('/v1/things', { name: 'b' }, headers);
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY.REUSED');
  });
});

describe('an Idempotency-Key past its TTL', () => {
  it('is forgotten: the same key runs the work again', async () => {
    const url = await start(1_500);
    const writer = httpClient(url, { 'x-api-key': keys.writer });
    const headers = { 'idempotency-key': 'short-lived' };
    const first = await writer.post('/v1/things', { name: 'ttl' }, headers);
    expect((await writer.post('/v1/things', { name: 'ttl' }, headers)).body.id).toBe(first.body.id);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const later = await writer.post('/v1/things', { name: 'ttl' }, headers);
    expect(later.status).toBe(201);
    expect(later.body.id).not.toBe(first.body.id);
  });
});
