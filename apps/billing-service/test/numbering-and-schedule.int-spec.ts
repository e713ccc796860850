import { randomUUID } from 'node:crypto';
import { ApplyBillingFactHandler } from '../src/application/apply-billing-fact/apply-billing-fact.handler';
import { BILLING_SETTINGS } from '../src/application/billing-settings';
import { ReconciliationScheduler } from '../src/application/run-reconciliation/reconciliation.scheduler';
import { RunReconciliationHandler } from '../src/application/run-reconciliation/run-reconciliation.handler';
import type { BillingSettings } from '../src/config';
import { parseInvoiceNumber, type BillingFact } from '../src/domain';
import { openBillingDataSource } from '../src/infrastructure/data-source';
import { InvoiceNumberAllocator } from '../src/infrastructure/invoice-number.allocator';
import { startBillingService, type BillingServiceFixture } from './support/billing-service.fixture';
import { orderLines } from './support/events';

let service: BillingServiceFixture;

beforeAll(async () => {
  service = await startBillingService('billing-numbers');
});

afterAll(async () => {
  await service?.close();
});

const origin = { causationId: null, tenant: 'acme', region: 'eu-west', by: 'test' };

function facts(orderId: string): BillingFact[] {
  return [
    {
      type: 'OrderReleased',
      eventId: randomUUID(),
      orderId,
      customerId: 'cust-1',
      currency: 'EUR',
      region: 'eu-west',
      lines: orderLines,
    },
    {
      type: 'FreightCostConfirmed',
      eventId: randomUUID(),
      orderId,
      amountMinor: 500,
      currency: 'EUR',
      occurredAt: Date.UTC(2026, 10, 20),
    },
  ];
}

describe('invoice numbers on the real PostgreSQL', () => {
  it('are gapless and unique under 20 concurrent issuances', async () => {
    const apply = service.app.get(ApplyBillingFactHandler);
    const orders = Array.from({ length: 20 }, () => randomUUID());
    for (const orderId of orders) {
      for (const fact of facts(orderId)) {
        await service.dataSource.transaction((tx) => apply.execute(tx, fact, origin));
      }
    }
    // Twenty deliveries at once, each in its own transaction on its own connection.
    const wide = await openBillingDataSource(service.databaseUrl, 20);
    const issued = await Promise.all(
      orders.map((orderId) =>
        wide.transaction((tx) =>
          apply.execute(
            tx,
            {
              type: 'ShipmentDelivered',
              eventId: randomUUID(),
              orderId,
              shipmentId: `shp-${orderId}`,
              classifier: 'ACTUAL',
              milestoneAt: Date.UTC(2026, 10, 21),
            },
            origin,
          ),
        ),
      ),
    );
    await wide.destroy();
    expect(issued.every((r) => r.decision.kind === 'ISSUE')).toBe(true);
    const numbers = issued.map((r) => parseInvoiceNumber(r.invoice!.invoiceNumber!));
    const year = new Date().getUTCFullYear();
    expect(new Set(numbers.map((n) => `${n.series}-${n.year}`))).toEqual(new Set([`INV-${year}`]));
    const sequences = numbers.map((n) => n.sequence).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const stored: { n: number }[] = await service.dataSource.query(
      'SELECT count(DISTINCT invoice_number)::int AS n FROM invoice WHERE order_id = ANY($1)',
      [orders],
    );
    expect(stored[0].n).toBe(20);
  });

  it('gives a rolled-back number back, so concurrent survivors stay gapless', async () => {
    const allocator = service.app.get(InvoiceNumberAllocator);
    const series = 'GAP';
    const wide = await openBillingDataSource(service.databaseUrl, 20);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        wide.transaction(async (tx) => {
          const number = await allocator.next(tx, series, 2026);
          if (i % 4 === 0) throw new Error(`issuance ${i} fails after taking ${number}`);
          return number;
        }),
      ),
    );
    await wide.destroy();
    const kept = results
      .filter((r): r is PromiseFulfilledResult<string> => r.status === 'fulfilled')
      .map((r) => parseInvoiceNumber(r.value).sequence)
      .sort((a, b) => a - b);
    expect(kept).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
  });
});

describe('scheduled reconciliation', () => {
  it('runs a slot once even when two instances fire it', async () => {
    const handler = service.app.get(RunReconciliationHandler);
    const slot = new Date(Date.UTC(2026, 0, 1, 2, 0));
    const [a, b] = await Promise.all([
      handler.execute('SCHEDULED', slot),
      handler.execute('SCHEDULED', slot),
    ]);
    expect([a, b].filter((run) => run !== null)).toHaveLength(1);
    const rows: { n: number }[] = await service.dataSource.query(
      'SELECT count(*)::int AS n FROM reconciliation_run WHERE slot = $1',
      [slot],
    );
    expect(rows[0].n).toBe(1);
  });

  it('fires on the cron expression, each slot by exactly one of two schedulers', async () => {
    const handler = service.app.get(RunReconciliationHandler);
    const settings: BillingSettings = {
      ...service.app.get<BillingSettings>(BILLING_SETTINGS),
      reconciliationCron: '* * * * * *',
    };
    const schedulers = [
      new ReconciliationScheduler(handler, settings),
      new ReconciliationScheduler(handler, settings),
    ];
    const started = new Date();
    schedulers.forEach((s) => s.onApplicationBootstrap());
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    for (const s of schedulers) await s.onApplicationShutdown();
    const runs: { slot: Date; n: number }[] = await service.dataSource.query(
      `SELECT slot, count(*)::int AS n FROM reconciliation_run
       WHERE trigger = 'SCHEDULED' AND slot > $1 GROUP BY slot`,
      [started],
    );
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(runs.every((r) => r.n === 1 && r.slot.getUTCMilliseconds() === 0)).toBe(true);
  });

  it('aims at the next slot of the configured expression in UTC', () => {
    const handler = service.app.get(RunReconciliationHandler);
    const nightly = new ReconciliationScheduler(handler, {
      ...service.app.get<BillingSettings>(BILLING_SETTINGS),
      reconciliationCron: '0 2 * * *',
    });
    expect(nightly.nextSlot(new Date('2026-11-27T01:59:59Z')).toISOString()).toBe(
      '2026-11-27T02:00:00.000Z',
    );
    expect(nightly.nextSlot(new Date('2026-11-27T02:00:00Z')).toISOString()).toBe(
      '2026-11-28T02:00:00.000Z',
    );
  });
});
