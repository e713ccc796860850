import { Inject, Injectable } from '@nestjs/common';
import { Gauge, type Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { METRICS_REGISTRY } from '@logisync/event-runtime';

const service = 'warehouse-service';

/** Business gauges read from the database at scrape time, beside the runtime's metrics. */
@Injectable()
export class WarehouseGauges {
  constructor(
    @Inject(DataSource) dataSource: DataSource,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    new Gauge({
      name: 'logisync_backordered_orders',
      help: 'Released orders waiting in the back-order queue for stock',
      labelNames: ['service'],
      registers: [registry],
      async collect() {
        const [{ n }] = await dataSource.query(
          `SELECT count(*)::int AS n FROM warehouse_order WHERE status = 'BACKORDERED'`,
        );
        this.set({ service }, n);
      },
    });
    new Gauge({
      name: 'logisync_open_exceptions',
      help: 'Open exceptions the warehouse owns, by type',
      labelNames: ['service', 'type'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const type of ['STOCK_SHORTAGE', 'SHORT_PICK']) this.set({ service, type }, 0);
        const rows: { type: string; n: number }[] = await dataSource.query(
          `SELECT type, count(*)::int AS n FROM warehouse_exception WHERE status = 'OPEN' GROUP BY type`,
        );
        for (const r of rows) this.set({ service, type: r.type }, r.n);
      },
    });
  }
}
