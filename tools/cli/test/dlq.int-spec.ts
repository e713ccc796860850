import { createEventMeta, sampleEvent } from '@logisync/canonical-events';
import {
  createKafka,
  createPublisher,
  silentLogger,
  type EventPublisher,
} from '@logisync/event-runtime';
import { freshDatabase, stackEndpoints, waitFor, type FreshDatabase } from '@logisync/test-kit';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
// The evidence needs a real consumer: order-service in-process through its own test fixture.
// eslint-disable-next-line @nx/enforce-module-boundaries
import {
  startOrderService,
  type OrderServiceFixture,
} from '../../../apps/order-service/test/support/order-service.fixture';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { customerBody, httpClient, orderBody } from '../../../apps/order-service/test/support/http';
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
    LOGISYNC_ACTOR: 'dlq-test',
  });

const listDlq = async (...filters: string[]) => {
  const run = await cli(
    'dlq',
    'list',
    '--service',
    'order-service',
    ...filters.flatMap((f) => ['--filter', f]),
  );
  expect(run.code).toBe(0);
  return run.json().deadLetters as {
    offset: number;
    redriveCount: number;
    errorCode: string;
    status: string;
  }[];
};

beforeAll(async () => {
  service = await startOrderService('cli-dlq');
  namespace = service.topic('').slice(1);
  ops = await freshDatabase('cli_dlq_ops');
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

describe('dead letters of order-service', () => {
  it('a dead letter re-driven after its cause is fixed is applied once', async () => {
    const api = httpClient(service.baseUrl, { 'x-api-key': service.apiKey });
    const customer = await api.post('/v1/customers', customerBody({ creditLimit: 10_000_000 }));
    const orderId = (await api.post('/v1/orders', orderBody(customer.body.id))).body.id as string;
    // Allocated before the order was released: order-service dead-letters it.
    const meta = createEventMeta({
      eventType: 'InventoryAllocated',
      producer: 'warehouse-service',
      correlationId: orderId,
      tenant: 'acme',
      region: 'eu-west',
    });
    await warehouse.publish(
      'InventoryAllocated',
      sampleEvent('InventoryAllocated', { orderId, meta } as never),
    );
    const [letter] = await waitFor(
      async () => {
        const l = await listDlq(`order=${orderId}`);
        return l.length === 1 ? l : undefined;
      },
      { description: 'the dead letter', timeoutMs: 60_000 },
    );
    expect(letter).toMatchObject({
      errorCode: 'ORDER.UNKNOWN_ORDER',
      redriveCount: 0,
      status: 'pending',
    });

    const shown = await cli(
      'dlq',
      'show',
      '--service',
      'order-service',
      '--offset',
      String(letter.offset),
    );
    expect(shown.code).toBe(0);
    expect(shown.json().event).toMatchObject({ orderId, meta: { eventId: meta.eventId } });

    const dry = await cli(
      'dlq',
      'redrive',
      '--service',
      'order-service',
      '--filter',
      `order=${orderId}`,
    );
    expect(dry.json()).toMatchObject({ dryRun: true, redrive: [{ eventId: meta.eventId }] });

    // The cause is fixed: the order is released. Then the re-drive.
    expect((await api.post(`/v1/orders/${orderId}/approve`)).body.status).toBe('RELEASED');
    const run = await cli(
      'dlq',
      'redrive',
      '--service',
      'order-service',
      '--filter',
      `order=${orderId}`,
      '--execute',
    );
    expect(run.code).toBe(0);
    expect(run.json().redriven).toHaveLength(1);
    const order = await waitFor(
      async () => {
        const o = (await api.get(`/v1/orders/${orderId}`)).body;
        return o.status === 'ALLOCATED' ? o : undefined;
      },
      { description: 'the order ALLOCATED' },
    );
    expect(
      order.timeline.filter((e: { eventId: string }) => e.eventId === meta.eventId),
    ).toHaveLength(1);

    // Re-driving the same dead letter again (forced through its status) is a duplicate: still once.
    expect(await listDlq(`order=${orderId}`)).toHaveLength(0);
    const again = await cli(
      'dlq',
      'redrive',
      '--service',
      'order-service',
      '--filter',
      `order=${orderId}`,
      '--filter',
      'status=redriven',
      '--execute',
    );
    expect(again.code).toBe(0);
    await waitFor(async () => (await inboxOutcomes(meta.eventId)).join() === 'applied', {
      description: 'inbox: applied',
    });
    const lag = await waitFor(
      async () => {
        const l = (await cli('lag', '--service', 'order-service')).json().services[0];
        return l.totalLag === 0 ? l : undefined;
      },
      { description: 'lag 0' },
    );
    expect(lag.totalLag).toBe(0);
    const final = (await api.get(`/v1/orders/${orderId}`)).body;
    expect(
      final.timeline.filter((e: { eventId: string }) => e.eventId === meta.eventId),
    ).toHaveLength(1);
    expect(await listDlq(`order=${orderId}`)).toHaveLength(0);

    const audit = (await cli('audit', '--command', 'dlq redrive')).json().actions;
    expect(audit).toHaveLength(2);
    expect(audit[1]).toMatchObject({ actor: 'dlq-test', outcome: 'succeeded' });
  });

  it('the loop guard stops a fourth re-drive of a dead letter whose cause is not fixed', async () => {
    const orderId = randomUUID();
    const eventId = randomUUID();
    const kafka = createKafka({
      clientId: 'poison',
      brokers: stackEndpoints.kafkaBrokers,
      logger: silentLogger,
    });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: service.topic('warehouse.milestones.v1'),
      messages: [
        {
          key: orderId,
          value: Buffer.from('not avro at all'),
          headers: { 'event-id': eventId, 'event-type': 'OrderPicked' },
        },
      ],
    });
    await producer.disconnect();
    for (let round = 0; round < 3; round++) {
      const [letter] = await waitFor(
        async () => {
          const l = await listDlq(`order=${orderId}`);
          return l.length === 1 && l[0].redriveCount === round ? l : undefined;
        },
        { description: `dead letter after ${round} re-drives`, timeoutMs: 60_000 },
      );
      expect(letter.errorCode).toBe('EVENT.UNDECODABLE');
      const run = await cli(
        'dlq',
        'redrive',
        '--service',
        'order-service',
        '--filter',
        `order=${orderId}`,
        '--execute',
      );
      expect(run.code).toBe(0);
    }
    await waitFor(
      async () => {
        const l = await listDlq(`order=${orderId}`);
        return l.length === 1 && l[0].redriveCount === 3;
      },
      { description: 'the third failure', timeoutMs: 60_000 },
    );
    const fourth = await cli(
      'dlq',
      'redrive',
      '--service',
      'order-service',
      '--filter',
      `order=${orderId}`,
      '--execute',
    );
    expect(fourth.code).toBe(4);
    expect(fourth.stderr).toMatch(/loop guard/);
    expect(fourth.json()).toMatchObject({ redriven: [], refused: [{ redriveCount: 3 }] });
    const [audit] = (await cli('audit', '--command', 'dlq redrive', '--limit', '1')).json().actions;
    expect(audit).toMatchObject({ outcome: 'refused', exitCode: 4 });

    const purge = await cli(
      'dlq',
      'purge',
      '--service',
      'order-service',
      '--filter',
      `order=${orderId}`,
      '--execute',
    );
    expect(purge.code).toBe(0);
    expect(await listDlq(`order=${orderId}`)).toHaveLength(0);
    const all = await cli(
      'dlq',
      'list',
      '--service',
      'order-service',
      '--all',
      '--filter',
      `order=${orderId}`,
    );
    expect(all.json().deadLetters.map((l: { status: string }) => l.status)).toEqual([
      'redriven',
      'redriven',
      'redriven',
      'purged',
    ]);
  });
});

async function inboxOutcomes(eventId: string): Promise<string[]> {
  const client = new Client({
    connectionString: (service.dataSource.options as { url: string }).url,
  });
  await client.connect();
  try {
    const r = await client.query('SELECT outcome FROM processed_event WHERE event_id = $1', [
      eventId,
    ]);
    return r.rows.map((row) => row.outcome);
  } finally {
    await client.end();
  }
}
