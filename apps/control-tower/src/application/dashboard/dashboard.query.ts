import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CONTROL_TOWER_SETTINGS, type ControlTowerSettings } from '../tokens';

export interface Kpis {
  ordersByStatus: Record<string, number>;
  awaitingAllocation: { count: number; oldestAgeSeconds: number | null };
  missingTenderConfirmation: number;
  packedNotLoaded: { count: number; thresholdSeconds: number };
  invoiceHoldsByReason: Record<string, number>;
  openExceptions: { type: string; severity: string; count: number }[];
  openSlaBreaches: { ruleId: string; count: number }[];
}

/** The KPI tiles: operational indicators from the read model, not just uptime. */
@Injectable()
export class DashboardQuery {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CONTROL_TOWER_SETTINGS) private readonly settings: ControlTowerSettings,
  ) {}

  async execute(): Promise<Kpis> {
    const q = <T>(sql: string, params: unknown[] = []) =>
      this.dataSource.query(sql, params) as Promise<T[]>;
    const byStatus = await q<{ status: string; n: string }>(
      `SELECT status, count(*) AS n FROM ct_order GROUP BY status`,
    );
    const [awaiting] = await q<{ n: string; oldest: number | null }>(
      `SELECT count(*) AS n, EXTRACT(EPOCH FROM now() - min(released_at))::float AS oldest
       FROM ct_order WHERE status = 'RELEASED'`,
    );
    const [tender] = await q<{ n: string }>(
      `SELECT count(*) AS n FROM ct_order WHERE tender = 'TENDERED' AND status NOT IN ('COMPLETED', 'CANCELLED')`,
    );
    const [packed] = await q<{ n: string }>(
      `SELECT count(*) AS n FROM ct_order WHERE status = 'PACKED' AND packed_at < now() - make_interval(secs => $1)`,
      [this.settings.packedNotLoadedSeconds],
    );
    const holds = await q<{ reason: string | null; n: string }>(
      `SELECT (SELECT e.detail FROM ct_event e WHERE e.order_id = o.order_id AND e.event_type = 'InvoiceHeld'
               ORDER BY e.occurred_at DESC LIMIT 1) AS reason, count(*) AS n
       FROM ct_order o WHERE 'INVOICE' = ANY (o.holds) GROUP BY 1`,
    );
    const exceptions = await q<{ type: string; severity: string; n: string }>(
      `SELECT type, severity, count(*) AS n FROM ct_exception WHERE resolved_at IS NULL GROUP BY type, severity ORDER BY type, severity`,
    );
    const breaches = await q<{ rule_id: string; n: string }>(
      `SELECT rule_id, count(*) AS n FROM ct_sla_breach WHERE resolved_at IS NULL GROUP BY rule_id ORDER BY rule_id`,
    );
    return {
      ordersByStatus: Object.fromEntries(byStatus.map((r) => [r.status, Number(r.n)])),
      awaitingAllocation: {
        count: Number(awaiting.n),
        oldestAgeSeconds: awaiting.oldest === null ? null : Math.round(awaiting.oldest),
      },
      missingTenderConfirmation: Number(tender.n),
      packedNotLoaded: {
        count: Number(packed.n),
        thresholdSeconds: this.settings.packedNotLoadedSeconds,
      },
      invoiceHoldsByReason: Object.fromEntries(
        holds.map((r) => [r.reason ?? 'UNKNOWN', Number(r.n)]),
      ),
      openExceptions: exceptions.map((r) => ({
        type: r.type,
        severity: r.severity,
        count: Number(r.n),
      })),
      openSlaBreaches: breaches.map((r) => ({ ruleId: r.rule_id, count: Number(r.n) })),
    };
  }
}
