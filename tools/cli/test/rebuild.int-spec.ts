import { createPublisher, silentLogger, type EventPublisher } from '@logisync/event-runtime';
import { stackEndpoints, waitFor } from '@logisync/test-kit';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
// Rebuild needs a real event-driven service: billing-service in-process through its own fixture.
// eslint-disable-next-line @nx/enforce-module-boundaries
import {
  startBillingService,
  type BillingServiceFixture,
} from '../../../apps/billing-service/test/support/billing-service.fixture';
// eslint-disable-next-line @nx/enforce-module-boundaries
import {
  delivered,
  freight,
  orderReleased,
} from '../../../apps/billing-service/test/support/events';
import { runCli } from './support/run-cli';

let service: BillingServiceFixture;
let namespace: string;
const publishers: Record<string, EventPublisher> = {};
// Processing timestamps (issued_at is when billing handled the delivery) and the invoice's random id.
const ignore = 'created_at,updated_at,received_at,issued_at,id';

const rebuild = (...more: string[]) =>
  runCli([
    '--namespace',
    namespace,
    '--json',
    'rebuild',
    '--service',
    'billing-service',
    '--database-url',
    service.databaseUrl,
    '--ignore-columns',
    ignore,
    '--key',
    'invoice=order_id',
    ...more,
  ]);

beforeAll(async () => {
  service = await startBillingService('cli-rebuild');
  namespace = service.topic('').slice(1);
  for (const as of ['order-service', 'transport-service'] as const) {
    publishers[as] = await createPublisher({
      brokers: stackEndpoints.kafkaBrokers,
      registryUrl: stackEndpoints.registryUrl,
      as,
      topicName: service.topic,
      logger: silentLogger,
    });
  }
});

afterAll(async () => {
  for (const p of Object.values(publishers)) await p.disconnect();
  await service?.close();
});

describe('logisync rebuild of billing-service', () => {
  it('rebuilds from offset 0 into a shadow database: equal, then a planted difference is reported', async () => {
    const orderId = randomUUID();
    await publishers['order-service'].publish('OrderReleased', orderReleased(orderId) as never);
    await publishers['transport-service'].publish(
      'FreightCostConfirmed',
      freight(orderId) as never,
    );
    await publishers['transport-service'].publish('ShipmentDelivered', delivered(orderId) as never);
    await publishers['order-service'].publish(
      'OrderReleased',
      orderReleased(randomUUID()) as never,
    );
    await waitFor(
      async () =>
        (await service.dataSource.query(`SELECT 1 FROM invoice WHERE invoice_number IS NOT NULL`))
          .length === 1,
      {
        description: 'the invoice',
        timeoutMs: 60_000,
      },
    );
    await waitFor(
      async () =>
        (
          await runCli(['--namespace', namespace, '--json', 'lag', '--service', 'billing-service'])
        ).json().services[0].totalLag === 0,
    );

    const equal = await rebuild();
    if (equal.code !== 0) console.log(equal.stdout, equal.stderr);
    expect(equal.code).toBe(0);
    expect(equal.json().equal).toBe(true);
    // The four events published above, read from offset 0 and timed.
    const { rebuilt } = equal.json();
    expect(rebuilt.events).toBe(4);
    expect(rebuilt.seconds).toBeGreaterThan(0);
    // The rate comes from the exact time, the seconds are shown to a hundredth.
    expect(rebuilt.eventsPerSecond).toBeGreaterThanOrEqual(
      Math.floor(4 / (rebuilt.seconds + 0.005)),
    );
    expect(rebuilt.eventsPerSecond).toBeLessThanOrEqual(
      Math.ceil(4 / Math.max(0.001, rebuilt.seconds - 0.005)),
    );

    const client = new Client({ connectionString: service.databaseUrl });
    await client.connect();
    await client.query(`UPDATE invoice SET total_minor = total_minor + 1`);
    await client.end();
    const planted = await rebuild();
    expect(planted.code).toBe(3);
    const invoice = planted.json().tables.find((t: { table: string }) => t.table === 'invoice');
    expect(invoice).toMatchObject({ equal: false, liveRows: 2, shadowRows: 2 });
    expect(invoice.different).toHaveLength(1);

    // Timing only: the planted difference is not looked for.
    const timed = await rebuild('--no-compare');
    expect(timed.code).toBe(0);
    expect(timed.json()).toEqual({ service: 'billing-service', rebuilt: expect.any(Object) });
    expect(timed.json().rebuilt).toMatchObject({ events: 4, applied: 4, skipped: 0 });

    // A window: only what was published at or after --since is read, and applied.
    const since = new Date();
    await publishers['order-service'].publish(
      'OrderReleased',
      orderReleased(randomUUID()) as never,
    );
    const windowed = await rebuild('--no-compare', '--since', since.toISOString());
    if (windowed.code !== 0) console.log(windowed.stdout, windowed.stderr);
    expect(windowed.json().rebuilt).toMatchObject({
      events: 1,
      applied: 1,
      skipped: 0,
      deadLettered: 0,
    });
    expect((await rebuild('--no-compare', '--since', 'not a time')).code).not.toBe(0);
  });
});
