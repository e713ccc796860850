import { Inject, Injectable } from '@nestjs/common';
import { Gauge, type Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { METRICS_REGISTRY } from '@logisync/event-runtime';

const service = 'order-service';

/** The order desk's business gauges, read from its own database at scrape time. */
@Injectable()
export class OrderGauges {
  constructor(
    @Inject(DataSource) dataSource: DataSource,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    new Gauge({
      name: 'logisync_orders',
      help: 'Orders by status, as the order desk (the owner of the status) knows them',
      labelNames: ['service', 'status'],
      registers: [registry],
      async collect() {
        this.reset();
        const rows: { status: string; n: number }[] = await dataSource.query(
          `SELECT status, count(*)::int AS n FROM customer_order GROUP BY status`,
        );
        for (const r of rows) this.set({ service, status: r.status }, r.n);
      },
    });
    new Gauge({
      name: 'logisync_open_exceptions',
      help: 'Open exceptions the order desk owns, by type and severity',
      labelNames: ['service', 'type', 'severity'],
      registers: [registry],
      async collect() {
        this.reset();
        const rows: { type: string; severity: string; n: number }[] = await dataSource.query(
          `SELECT type, severity, count(*)::int AS n FROM order_exception
           WHERE status <> 'RESOLVED' GROUP BY type, severity`,
        );
        for (const r of rows) this.set({ service, type: r.type, severity: r.severity }, r.n);
      },
    });
  }
}
