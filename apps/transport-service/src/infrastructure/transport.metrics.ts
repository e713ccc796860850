import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Gauge, type Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { METRICS_REGISTRY } from '@logisync/event-runtime';

/**
 * Business gauges, read from the database at scrape time so every instance reports the same
 * truth: shipments whose tender is unanswered (and how overdue the oldest is), and open
 * exceptions by type (no carrier, customs hold).
 */
@Injectable()
export class TransportMetrics implements OnModuleInit {
  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  onModuleInit() {
    const dataSource = this.dataSource;
    const registers = [this.registry];
    new Gauge({
      name: 'logisync_shipments_awaiting_tender_confirmation',
      help: 'Shipments tendered to a carrier that has not answered yet',
      labelNames: ['service'],
      registers,
      async collect() {
        const [{ n }] = await dataSource.query(
          `SELECT count(*)::int AS n FROM shipment WHERE open_tender_expires_at IS NOT NULL`,
        );
        this.set({ service: 'transport-service' }, n);
      },
    });
    new Gauge({
      name: 'logisync_open_exceptions',
      help: 'Open exceptions raised by this service, by type',
      labelNames: ['service', 'type'],
      registers,
      async collect() {
        const [row] = await dataSource.query(
          `SELECT count(*) FILTER (WHERE status = 'ON_HOLD')::int AS no_carrier,
                  count(*) FILTER (WHERE (state ->> 'customsHold')::boolean)::int AS customs
           FROM shipment`,
        );
        this.set({ service: 'transport-service', type: 'TENDER_ALL_REJECTED' }, row.no_carrier);
        this.set({ service: 'transport-service', type: 'CUSTOMS_HOLD' }, row.customs);
      },
    });
  }
}
