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
  restartBillingService,
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
import { readWholeTopic, type TopicEvent } from './support/read-topic';
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

interface InvoiceRow {
  order_id: string;
  status: string;
  invoice_number: string | null;
  total_minor: string | null;
  issued_at: Date | null;
}

/** The invoices as billing's database has them, by order. */
async function invoicesInDatabase(): Promise<Map<string, InvoiceRow>> {
  return withDb(async (c) => {
    const { rows } = await c.query<InvoiceRow>(
      `SELECT order_id, status, invoice_number, total_minor, issued_at FROM invoice ORDER BY order_id`,
    );
    return new Map(rows.map((r) => [r.order_id, r]));
  });
}

interface Issued {
  eventId: string;
  invoiceNumber: string;
  issuedAt: number;
}

/** Every InvoiceIssued on billing's milestones topic (each copy), by order. */
async function issuedOnTopic(): Promise<Map<string, Issued[]>> {
  const events = await readWholeTopic(service.topic('billing.milestones.v1'), service.codec);
  const byOrder = new Map<string, Issued[]>();
  for (const { eventType, event } of events as TopicEvent[]) {
    if (eventType !== 'InvoiceIssued') continue;
    const orderId = event.orderId as string;
    byOrder.set(orderId, [
      ...(byOrder.get(orderId) ?? []),
      {
        eventId: event.meta.eventId,
        invoiceNumber: event.invoiceNumber as string,
        issuedAt: new Date(event.issuedAt as Date).getTime(),
      },
    ]);
  }
  return byOrder;
}

const sequence = (invoiceNumber: string) => Number(/(\d+)$/.exec(invoiceNumber)![1]);

async function invoiceExists(orderId: string, numbered: boolean) {
  await waitFor(
    () =>
      withDb(
        async (c) =>
          (
            await c.query(
              `SELECT 1 FROM invoice WHERE order_id = $1 AND (invoice_number IS NOT NULL) = $2`,
              [orderId, numbered],
            )
          ).rowCount === 1,
      ),
    { description: `the ${numbered ? '' : 'drafted '}invoice of ${orderId}`, timeoutMs: 60_000 },
  );
}

async function release(orderId: string) {
  await publishers['order-service'].publish('OrderReleased', orderReleased(orderId) as never);
  await invoiceExists(orderId, false);
}

async function deliver(orderId: string) {
  await publishers['transport-service'].publish('FreightCostConfirmed', freight(orderId) as never);
  await publishers['transport-service'].publish('ShipmentDelivered', delivered(orderId) as never);
  await invoiceExists(orderId, true);
}

async function invoiceOrders(orders: string[]) {
  for (const orderId of orders) {
    await release(orderId);
    await deliver(orderId);
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
  it('stop, restore a dump, restart (recovery adopts what was published), replay --to-datetime its time: every invoice issued once, with its number', async () => {
    const beforeDump: string[] = [randomUUID(), randomUUID()];
    await invoiceOrders(beforeDump);
    // Released before the dump (its invoice drafted, unnumbered), delivered and invoiced after.
    const straddling: string = randomUUID();
    await release(straddling);
    await lagZero();
    const dumpTime = new Date().toISOString();
    execFileSync('pg_dump', [
      '--data-only',
      '--disable-triggers',
      '--file',
      dumpFile,
      service.databaseUrl,
    ]);

    await invoiceOrders([randomUUID()]);
    await deliver(straddling);
    await invoiceOrders([randomUUID(), randomUUID()]);
    const afterDump = [...(await invoicesInDatabase()).keys()].filter(
      (id) => !beforeDump.includes(id),
    );
    expect(afterDump).toHaveLength(4);
    await lagZero();
    const neverLost = await billingState();
    expect(neverLost.invoices).toHaveLength(6);
    const numbersBefore = await invoicesInDatabase();
    // Everything sent: the topic is what customers were told.
    await waitFor(async () => (await issuedOnTopic()).size === 6, {
      description: 'six invoices on the topic',
    });

    // The drill: stop billing, restore its database from the dump, start it again.
    service = await restartBillingService(service, async () => {
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
      const restored = await billingState();
      // The two invoiced orders and the straddling order's draft.
      expect(restored.invoices).toHaveLength(3);
      expect(restored.invoices.filter((i: InvoiceRow) => i.invoice_number)).toHaveLength(2);
    });

    // Recovery ran at start: the invoices published after the dump are back, with their numbers
    // and issue times as published, before any input is replayed.
    const published = await issuedOnTopic();
    const adopted = await invoicesInDatabase();
    for (const orderId of afterDump) {
      const [issued] = published.get(orderId)!;
      expect(adopted.get(orderId)).toMatchObject({
        status: 'ISSUED',
        invoice_number: issued.invoiceNumber,
      });
      expect(adopted.get(orderId)!.issued_at!.getTime()).toBe(issued.issuedAt);
    }

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
    expect(run.json()).toMatchObject({ mode: 'service-endpoint', drained: true, redeliver: 11 });
    await lagZero();
    // The relay's poll interval is 200 ms: anything the replay wrote to the outbox is sent by now.
    await withDb(async (c) =>
      waitFor(async () => (await c.query('SELECT 1 FROM outbox_message')).rowCount === 0, {
        description: 'the outbox drained',
      }),
    );

    const after = await billingState();
    const onTopic = await issuedOnTopic();
    const inDatabase = await invoicesInDatabase();
    const report = [...beforeDump, ...afterDump].map((orderId) => ({
      orderId,
      dumped: beforeDump.includes(orderId)
        ? 'invoiced'
        : orderId === straddling
          ? 'released'
          : 'no',
      issuedEventsOnTopic: onTopic.get(orderId)?.length ?? 0,
      distinctEventIds: new Set(onTopic.get(orderId)?.map((i) => i.eventId)).size,
      numbersOnTopic: [...new Set(onTopic.get(orderId)?.map((i) => i.invoiceNumber))],
      numberBefore: numbersBefore.get(orderId)?.invoice_number,
      numberAfter: inDatabase.get(orderId)?.invoice_number,
    }));
    console.log(`billing drill:\n${report.map((r) => JSON.stringify(r)).join('\n')}`);

    for (const orderId of [...beforeDump, ...afterDump]) {
      const copies = onTopic.get(orderId) ?? [];
      // One InvoiceIssued per order; a copy (a resend of the same event) carries the same number.
      expect(new Set(copies.map((i) => i.eventId)).size).toBe(1);
      expect(new Set(copies.map((i) => i.invoiceNumber)).size).toBe(1);
      // No renumbering: the database has the number the customer was sent, and the one it had.
      expect(inDatabase.get(orderId)?.invoice_number).toBe(copies[0].invoiceNumber);
      expect(inDatabase.get(orderId)?.invoice_number).toBe(
        numbersBefore.get(orderId)?.invoice_number,
      );
      expect(inDatabase.get(orderId)!.issued_at!.getTime()).toBe(copies[0].issuedAt);
    }
    const numbers = [...inDatabase.values()].map((i) => sequence(i.invoice_number!));
    expect(numbers.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    // The state is the continuation without the incident, every table row for row, invoice and
    // billing_case included.
    expect(after.invoices).toEqual(neverLost.invoices);
    expect(after.tables).toEqual(neverLost.tables);

    // A plain restart adopts the relay's last batch again (its recorded bound is the batch's
    // first message): what the database already has, so nothing changes and nothing is sent.
    service = await restartBillingService(service);
    await lagZero();
    expect(await billingState()).toEqual(after);
    expect(await issuedOnTopic()).toEqual(onTopic);
  });
});
