import { createPublisher, silentLogger, type EventPublisher } from '@logisync/event-runtime';
import { freshDatabase, stackEndpoints, waitFor, type FreshDatabase } from '@logisync/test-kit';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
// The drill of issue 10 on billing-service in-process, through its own test fixture and events.
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
import { bookkeepingTables, tableChecksums } from '../src/state/table-checksums';
import { runCli } from './support/run-cli';

let service: BillingServiceFixture;
let ops: FreshDatabase;
let namespace: string;
const publishers: Record<string, EventPublisher> = {};
const dumpFile = join(mkdtempSync(join(tmpdir(), 'logisync-billing-drill-')), 'billing.sql');

const cli = (...args: string[]) =>
  runCli(['--namespace', namespace, '--json', ...args], {
    BILLING_SERVICE_URL: service.baseUrl,
    LOGISYNC_API_KEY: service.apiKey,
    OPS_DATABASE_URL: ops.url,
  });

async function withDb<T>(work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: service.databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Columns that say when billing processed something, or ids it drew at random: not state. */
const processing = [
  'id',
  'invoice_id',
  'created_at',
  'updated_at',
  'issued_at',
  'confirmed_at',
  'placed_at',
  'released_at',
];

async function billingState() {
  return withDb(async (c) => {
    const invoices = await c.query(
      `SELECT order_id, status, invoice_number, total_minor FROM invoice ORDER BY order_id`,
    );
    const tables = await tableChecksums(c, {
      ignoreColumns: processing,
      ignoreTables: [...bookkeepingTables, 'reconciliation_run'],
    });
    return { invoices: invoices.rows, tables };
  });
}

async function invoiceOrders(orders: string[]) {
  for (const orderId of orders) {
    await publishers['order-service'].publish('OrderReleased', orderReleased(orderId) as never);
    await publishers['transport-service'].publish(
      'FreightCostConfirmed',
      freight(orderId) as never,
    );
    await publishers['transport-service'].publish('ShipmentDelivered', delivered(orderId) as never);
    await waitFor(
      () =>
        withDb(
          async (c) =>
            (
              await c.query(
                `SELECT 1 FROM invoice WHERE order_id = $1 AND invoice_number IS NOT NULL`,
                [orderId],
              )
            ).rowCount === 1,
        ),
      { description: `the invoice of ${orderId}`, timeoutMs: 60_000 },
    );
  }
}

const lagZero = () =>
  waitFor(
    async () =>
      (await cli('lag', '--service', 'billing-service')).json().services[0].totalLag === 0,
    {
      description: 'lag 0',
    },
  );

beforeAll(async () => {
  service = await startBillingService('cli-billing-drill');
  namespace = service.topic('').slice(1);
  ops = await freshDatabase('cli_billing_ops');
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
  await ops?.drop();
});

describe('the incident drill on billing-service', () => {
  it('restore a dump, replay --to-datetime its time: the same invoices, no duplicate, gapless numbers', async () => {
    await invoiceOrders([randomUUID(), randomUUID()]);
    await lagZero();
    const dumpTime = new Date().toISOString();
    execFileSync('pg_dump', [
      '--data-only',
      '--disable-triggers',
      '--file',
      dumpFile,
      service.databaseUrl,
    ]);

    await invoiceOrders([randomUUID(), randomUUID(), randomUUID()]);
    await lagZero();
    const neverLost = await billingState();
    expect(neverLost.invoices).toHaveLength(5);

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
      service.databaseUrl,
    ]);
    await fetch(`${service.baseUrl}/admin/consumer/resume`, {
      method: 'POST',
      headers: { 'x-api-key': service.apiKey },
    });
    expect((await billingState()).invoices).toHaveLength(2);

    const run = await cli(
      'replay',
      '--service',
      'billing-service',
      '--to-datetime',
      dumpTime,
      '--execute',
      '--actor',
      'drill',
    );
    expect(run.code).toBe(0);
    expect(run.json()).toMatchObject({ mode: 'service-endpoint', drained: true, redeliver: 9 });

    const after = await waitFor(
      async () => {
        const s = await billingState();
        return s.invoices.filter((i: { invoice_number: string | null }) => i.invoice_number)
          .length === 5
          ? s
          : undefined;
      },
      { description: 'five invoices again' },
    );
    const numbers = after.invoices
      .map((i: { invoice_number: string }) => Number(/(\d+)$/.exec(i.invoice_number)![1]))
      .sort((a: number, b: number) => a - b);
    expect(numbers).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(after.invoices.map((i: { order_id: string }) => i.order_id)).size).toBe(5);
    // Orders on different partitions are re-delivered concurrently, so which order gets which of
    // the re-issued numbers may differ from the first run; everything else is equal.
    const withoutNumbers = (s: typeof after) =>
      s.invoices.map(({ invoice_number: _n, ...rest }: Record<string, unknown>) => rest);
    expect(withoutNumbers(after)).toEqual(withoutNumbers(neverLost));
    expect(after.tables.map((t) => [t.table, t.rows])).toEqual(
      neverLost.tables.map((t) => [t.table, t.rows]),
    );
    // invoice and billing_case (its state JSON) hold the re-issued number and when it was issued;
    // every other table is equal row for row.
    const numbered = ['invoice', 'billing_case'];
    const rest = (s: typeof after) => s.tables.filter((t) => !numbered.includes(t.table));
    expect(rest(after)).toEqual(rest(neverLost));
  });
});
