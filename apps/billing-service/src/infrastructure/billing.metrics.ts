import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Gauge, Histogram, type Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { METRICS_REGISTRY } from '@logisync/event-runtime';

/**
 * Business metrics beside the runtime's: invoices per status and open holds per reason (read
 * from the database at scrape time), the last reconciliation's mismatches, and the time from
 * delivery to invoice.
 */
@Injectable()
export class BillingMetrics implements OnModuleInit {
  readonly deliveryToInvoiceSeconds: Histogram<string>;

  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {
    this.deliveryToInvoiceSeconds =
      this.existing('logisync_billing_delivery_to_invoice_seconds') ??
      new Histogram({
        name: 'logisync_billing_delivery_to_invoice_seconds',
        help: 'From the actual delivery time to the invoice issue time.',
        labelNames: ['service'],
        buckets: [1, 5, 30, 60, 300, 3600, 86_400],
        registers: [registry],
      });
  }

  private existing<T>(name: string): T | undefined {
    return this.registry.getSingleMetric(name) as T | undefined;
  }

  onModuleInit() {
    if (this.existing('logisync_billing_invoices')) return;
    const dataSource = this.dataSource;
    new Gauge({
      name: 'logisync_billing_invoices',
      help: 'Invoices by status (AWAITING_DELIVERY, AWAITING_FREIGHT, HELD, ISSUED, CANCELLED).',
      labelNames: ['service', 'status'],
      registers: [this.registry],
      async collect() {
        this.reset();
        if (!dataSource.isInitialized) return;
        const rows: { status: string; n: number }[] = await dataSource.query(
          'SELECT status, count(*)::int AS n FROM invoice GROUP BY status',
        );
        for (const r of rows) this.set({ service: 'billing-service', status: r.status }, r.n);
      },
    });
    new Gauge({
      name: 'logisync_billing_open_holds',
      help: 'Invoice holds standing now, by reason (CUSTOMS_HOLD, DELIVERY_FAILED, MANUAL).',
      labelNames: ['service', 'reason'],
      registers: [this.registry],
      async collect() {
        this.reset();
        if (!dataSource.isInitialized) return;
        const rows: { reason: string; n: number }[] = await dataSource.query(
          'SELECT reason, count(*)::int AS n FROM invoice_hold WHERE released_at IS NULL GROUP BY reason',
        );
        for (const r of rows) this.set({ service: 'billing-service', reason: r.reason }, r.n);
      },
    });
    new Gauge({
      name: 'logisync_billing_reconciliation_mismatches',
      help: 'Mismatches found by the latest completed reconciliation run.',
      labelNames: ['service'],
      registers: [this.registry],
      async collect() {
        this.reset();
        if (!dataSource.isInitialized) return;
        const [row]: { n: number }[] = await dataSource.query(
          `SELECT mismatch_count AS n FROM reconciliation_run WHERE status = 'COMPLETED'
           ORDER BY finished_at DESC LIMIT 1`,
        );
        if (row) this.set({ service: 'billing-service' }, row.n);
      },
    });
  }
}
