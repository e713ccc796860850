import { Inject, Injectable } from '@nestjs/common';
import { Gauge, type Registry } from 'prom-client';
import { DashboardQuery, type Kpis } from '../application/dashboard/dashboard.query';
import { METRICS_REGISTRY } from '@logisync/event-runtime';

/**
 * The KPI tiles as Prometheus gauges, computed from the read model at scrape time (one query
 * round per scrape, shared by all gauges).
 */
@Injectable()
export class BusinessGauges {
  private pending?: Promise<Kpis>;

  constructor(
    @Inject(DashboardQuery) dashboard: DashboardQuery,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    const kpis = () => {
      this.pending ??= dashboard
        .execute()
        .finally(() => setTimeout(() => (this.pending = undefined), 500));
      return this.pending;
    };
    const gauge = (
      name: string,
      help: string,
      labelNames: string[],
      set: (g: Gauge<string>, k: Kpis) => void,
    ) =>
      new Gauge({
        name,
        help,
        labelNames,
        registers: [registry],
        async collect() {
          this.reset();
          set(this, await kpis());
        },
      });
    gauge(
      'logisync_orders',
      'Orders by status, as the control tower sees them',
      ['status'],
      (g, k) => {
        for (const [status, n] of Object.entries(k.ordersByStatus)) g.set({ status }, n);
      },
    );
    gauge('logisync_orders_awaiting_allocation', 'Released orders not allocated yet', [], (g, k) =>
      g.set(k.awaitingAllocation.count),
    );
    gauge(
      'logisync_orders_awaiting_allocation_oldest_age_seconds',
      'Age of the oldest order awaiting allocation',
      [],
      (g, k) => g.set(k.awaitingAllocation.oldestAgeSeconds ?? 0),
    );
    gauge(
      'logisync_shipments_missing_tender_confirmation',
      'Shipments tendered and not answered yet',
      [],
      (g, k) => g.set(k.missingTenderConfirmation),
    );
    gauge(
      'logisync_orders_packed_not_loaded',
      'Orders packed but not loaded past the threshold',
      [],
      (g, k) => g.set(k.packedNotLoaded.count),
    );
    gauge(
      'logisync_invoice_holds',
      'Orders whose invoice is held, by reason',
      ['reason'],
      (g, k) => {
        for (const [reason, n] of Object.entries(k.invoiceHoldsByReason)) g.set({ reason }, n);
      },
    );
    gauge(
      'logisync_open_exceptions',
      'Open exceptions by type and severity',
      ['type', 'severity'],
      (g, k) => {
        for (const e of k.openExceptions) g.set({ type: e.type, severity: e.severity }, e.count);
        for (const b of k.openSlaBreaches) g.inc({ type: 'SLA_BREACH', severity: 'HIGH' }, b.count);
      },
    );
  }
}
