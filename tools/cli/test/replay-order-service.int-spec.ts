import { createEventMeta, sampleEvent, type EventType } from '@logisync/canonical-events';
import {
  createKafka,
  createPublisher,
  silentLogger,
  type EventPublisher,
} from '@logisync/event-runtime';
import { freshDatabase, stackEndpoints, waitFor, type FreshDatabase } from '@logisync/test-kit';
import { Client } from 'pg';
// The operator's evidence needs a real service: order-service in-process through its own test
// fixture (its database, topics and group). Test code only; the CLI itself never imports an app.
// eslint-disable-next-line @nx/enforce-module-boundaries
import {
  startOrderService,
  type OrderServiceFixture,
} from '../../../apps/order-service/test/support/order-service.fixture';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { customerBody, httpClient, orderBody } from '../../../apps/order-service/test/support/http';
import { tableChecksums } from '../src/state/table-checksums';
import { runCli } from './support/run-cli';

let service: OrderServiceFixture;
let warehouse: EventPublisher;
let namespace: string;
let ops: FreshDatabase;

const cli = (...args: string[]) =>
  runCli(['--namespace', namespace, '--json', ...args], {
    ORDER_SERVICE_URL: service.baseUrl,
    LOGISYNC_API_KEY: service.apiKey,
    OPS_DATABASE_URL: ops.url,
  });

const databaseUrl = () => (service.dataSource.options as { url: string }).url;

/**
 * The service's tables and what it published: the end offsets of its topic once its outbox is
 * drained (the relay deletes rows once sent, so the topic is where an emitted event shows).
 */
async function state() {
  const client = new Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    await waitFor(
      async () =>
        (await client.query('SELECT count(*)::int AS n FROM outbox_message')).rows[0].n === 0,
      { description: 'the outbox drained' },
    );
    const tables = await tableChecksums(client);
    return { tables, published: await publishedEnds() };
  } finally {
    await client.end();
  }
}

async function publishedEnds(): Promise<string[]> {
  const admin = createKafka({
    clientId: 'cli-replay-published',
    brokers: stackEndpoints.kafkaBrokers,
    logger: silentLogger,
  }).admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(service.topic('order.milestones.v1'));
    return ends.map((e) => `${e.partition}:${e.high}`).sort();
  } finally {
    await admin.disconnect();
  }
}

async function consumedDuplicates(): Promise<number> {
  const metric = await service.metrics.getSingleMetric('logisync_events_consumed_total')!.get();
  return metric.values
    .filter((v) => v.labels.outcome === 'duplicate')
    .reduce((sum, v) => sum + v.value, 0);
}

beforeAll(async () => {
  service = await startOrderService('cli-replay');
  namespace = service.topic('').slice(1);
  ops = await freshDatabase('cli_replay_ops');
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

async function releasedOrder(api: ReturnType<typeof httpClient>): Promise<string> {
  const customer = await api.post('/v1/customers', customerBody({ creditLimit: 10_000_000 }));
  const order = await api.post('/v1/orders', orderBody(customer.body.id));
  await api.post(`/v1/orders/${order.body.id}/approve`);
  return order.body.id;
}

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

let orders: string[] = [];

describe('replaying order-service from the earliest offset through its admin endpoint', () => {
  it('re-delivers every event, changes no state and writes no event', async () => {
    const api = httpClient(service.baseUrl, { 'x-api-key': service.apiKey });
    orders = [await releasedOrder(api), await releasedOrder(api), await releasedOrder(api)];
    for (const orderId of orders) {
      for (const type of ['InventoryAllocated', 'OrderPicked', 'OrderPacked'] as const) {
        await warehouse.publish(type, milestone(type, orderId) as never);
      }
    }
    await waitFor(
      async () => {
        const statuses = await Promise.all(
          orders.map(async (id) => (await api.get(`/v1/orders/${id}`)).body.status),
        );
        return statuses.every((s) => s === 'PACKED');
      },
      { description: 'every order PACKED', timeoutMs: 60_000 },
    );
    await waitFor(
      async () =>
        (await cli('lag', '--service', 'order-service')).json().services[0].totalLag === 0,
      {
        description: 'lag 0',
      },
    );
    const before = await state();
    const duplicatesBefore = await consumedDuplicates();

    const dry = await cli('replay', '--service', 'order-service', '--to-earliest');
    expect(dry.json().redeliver).toBe(9);

    const run = await cli(
      'replay',
      '--service',
      'order-service',
      '--to-earliest',
      '--execute',
      '--actor',
      'ops-test',
    );
    expect(run.code).toBe(0);
    const result = run.json();
    expect(result).toMatchObject({ mode: 'service-endpoint', drained: true, redeliver: 9 });
    expect(result.after.every((p: { lag: number }) => p.lag === 0)).toBe(true);

    await waitFor(async () => (await consumedDuplicates()) - duplicatesBefore >= 9, {
      description: 'nine duplicates counted',
    });
    expect((await consumedDuplicates()) - duplicatesBefore).toBe(9);
    expect(await state()).toEqual(before);
    const status = (await (
      await fetch(`${service.baseUrl}/admin/consumer`, {
        headers: { 'x-api-key': service.apiKey },
      })
    ).json()) as {
      paused: boolean;
    };
    expect(status.paused).toBe(false);
  });

  it("--order re-delivers only that order's events through the inbox, without moving the group", async () => {
    await waitFor(
      async () =>
        (await cli('lag', '--service', 'order-service')).json().services[0].totalLag === 0,
      { description: 'lag 0' },
    );
    const before = await state();
    const offsetsBefore = (await cli('lag', '--service', 'order-service')).json().services[0]
      .partitions;
    const duplicatesBefore = await consumedDuplicates();

    const dry = await cli('replay', '--service', 'order-service', '--order', orders[1]);
    expect(dry.code).toBe(0);
    expect(dry.json()).toMatchObject({ dryRun: true, events: 3 });

    const run = await cli(
      'replay',
      '--service',
      'order-service',
      '--order',
      orders[1],
      '--execute',
    );
    expect(run.code).toBe(0);
    expect(run.json()).toMatchObject({ delivered: 3, done: 3, failure: null });
    expect((await consumedDuplicates()) - duplicatesBefore).toBe(3);
    expect(await state()).toEqual(before);
    expect((await cli('lag', '--service', 'order-service')).json().services[0].partitions).toEqual(
      offsetsBefore,
    );
    const [audit] = (await cli('audit', '--command', 'replay', '--limit', '1')).json().actions;
    expect(audit).toMatchObject({
      outcome: 'succeeded',
      details: { orderId: orders[1], events: 3 },
    });
  });
});
