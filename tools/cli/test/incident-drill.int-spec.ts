import { createEventMeta, sampleEvent, type EventType } from '@logisync/canonical-events';
import { createPublisher, silentLogger, type EventPublisher } from '@logisync/event-runtime';
import { freshDatabase, stackEndpoints, waitFor, type FreshDatabase } from '@logisync/test-kit';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
// The drill needs a real service: order-service in-process through its own test fixture.
// eslint-disable-next-line @nx/enforce-module-boundaries
import {
  startOrderService,
  type OrderServiceFixture,
} from '../../../apps/order-service/test/support/order-service.fixture';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { customerBody, httpClient, orderBody } from '../../../apps/order-service/test/support/http';
import { tableChecksums } from '../src/state/table-checksums';
import { runCli } from './support/run-cli';

/** When order-service applied something, not what happened: they differ between runs. */
const processingTimes = ['updated_at', 'received_at'];

let service: OrderServiceFixture;
let warehouse: EventPublisher;
let ops: FreshDatabase;
let namespace: string;
const dumpFile = join(mkdtempSync(join(tmpdir(), 'logisync-drill-')), 'order.sql');

const databaseUrl = () => (service.dataSource.options as { url: string }).url;
const cli = (...args: string[]) =>
  runCli(['--namespace', namespace, '--json', ...args], {
    ORDER_SERVICE_URL: service.baseUrl,
    LOGISYNC_API_KEY: service.apiKey,
    OPS_DATABASE_URL: ops.url,
  });

async function withDb<T>(work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const state = () => withDb((c) => tableChecksums(c, { ignoreColumns: processingTimes }));

beforeAll(async () => {
  service = await startOrderService('cli-drill');
  namespace = service.topic('').slice(1);
  ops = await freshDatabase('cli_drill_ops');
  warehouse = await createPublisher({
    brokers: stackEndpoints.kafkaBrokers,
    registryUrl: stackEndpoints.registryUrl,
    as: 'warehouse-service',
    topicName: service.topic,
    logger: silentLogger,
  });
});

afterAll(async () => {
  await warehouse?.disconnect();
  await service?.close();
  await ops?.drop();
});

function milestone(eventType: EventType, orderId: string) {
  const meta = createEventMeta({
    eventType,
    producer: 'warehouse-service',
    correlationId: orderId,
    tenant: 'acme',
    region: 'eu-west',
  });
  return sampleEvent(eventType, { orderId, meta } as never);
}

async function statuses(api: ReturnType<typeof httpClient>, orders: string[]) {
  return Promise.all(
    orders.map(async (id) => (await api.get(`/v1/orders/${id}`)).body.status as string),
  );
}

const lagZero = () =>
  waitFor(
    async () => (await cli('lag', '--service', 'order-service')).json().services[0].totalLag === 0,
    {
      description: 'lag 0',
    },
  );

describe('the incident drill on order-service', () => {
  it('dump, more events, restore the dump, replay --to-datetime the dump time: the state equals a run that never lost data', async () => {
    const api = httpClient(service.baseUrl, { 'x-api-key': service.apiKey });
    const orders: string[] = [];
    for (let i = 0; i < 3; i++) {
      const customer = await api.post('/v1/customers', customerBody({ creditLimit: 10_000_000 }));
      const order = await api.post('/v1/orders', orderBody(customer.body.id));
      await api.post(`/v1/orders/${order.body.id}/approve`);
      orders.push(order.body.id);
      await warehouse.publish(
        'InventoryAllocated',
        milestone('InventoryAllocated', order.body.id) as never,
      );
    }
    await waitFor(async () => (await statuses(api, orders)).every((s) => s === 'ALLOCATED'), {
      description: 'ALLOCATED',
    });
    await lagZero();

    // The backup: everything up to now.
    const dumpTime = new Date().toISOString();
    execFileSync('pg_dump', [
      '--data-only',
      '--disable-triggers',
      '--file',
      dumpFile,
      databaseUrl(),
    ]);

    for (const orderId of orders) {
      for (const type of ['OrderPicked', 'OrderPacked'] as const) {
        await warehouse.publish(type, milestone(type, orderId) as never);
      }
    }
    await waitFor(async () => (await statuses(api, orders)).every((s) => s === 'PACKED'), {
      description: 'PACKED',
    });
    await lagZero();
    const neverLost = await state();

    // The incident: the database goes back to the dump, the group's offsets stay where they were.
    await fetch(`${service.baseUrl}/admin/consumer/pause`, {
      method: 'POST',
      headers: { 'x-api-key': service.apiKey },
    });
    await withDb(async (c) => {
      const { rows } = await c.query(
        `SELECT string_agg(format('%I', tablename), ', ') AS t FROM pg_tables WHERE schemaname = 'public'`,
      );
      await c.query(`TRUNCATE ${rows[0].t}`);
    });
    execFileSync('psql', [
      '--quiet',
      '--set',
      'ON_ERROR_STOP=1',
      '--file',
      dumpFile,
      databaseUrl(),
    ]);
    await fetch(`${service.baseUrl}/admin/consumer/resume`, {
      method: 'POST',
      headers: { 'x-api-key': service.apiKey },
    });
    expect(await statuses(api, orders)).toEqual(['ALLOCATED', 'ALLOCATED', 'ALLOCATED']);
    expect(await state()).not.toEqual(neverLost);

    const dry = await cli('replay', '--service', 'order-service', '--to-datetime', dumpTime);
    expect(dry.json().redeliver).toBe(6);
    const run = await cli(
      'replay',
      '--service',
      'order-service',
      '--to-datetime',
      dumpTime,
      '--execute',
      '--actor',
      'drill',
    );
    expect(run.code).toBe(0);
    expect(run.json()).toMatchObject({ mode: 'service-endpoint', drained: true, redeliver: 6 });

    await waitFor(async () => (await statuses(api, orders)).every((s) => s === 'PACKED'), {
      description: 'PACKED again',
    });
    expect(await state()).toEqual(neverLost);
    const timelines = await Promise.all(
      orders.map(async (id) => (await api.get(`/v1/orders/${id}`)).body.timeline.length),
    );
    expect(timelines).toEqual([3, 3, 3]);
  });
});
