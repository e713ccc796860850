import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface ExceptionQueueItem {
  id: string;
  kind: 'EXCEPTION' | 'SLA_BREACH';
  orderId: string;
  type: string;
  severity: string;
  owner: string;
  sourceService: string | null;
  details: string;
  raisedAt: Date;
  slaDueAt: Date | null;
  /** Seconds past the SLA (positive) or left before it (negative). */
  overdueSeconds: number | null;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
}

/** The exception queue: every service's exceptions and the SLA breaches, oldest first. */
@Injectable()
export class ListExceptionsQuery {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async execute(
    { status = 'OPEN', limit = 200 }: { status?: 'OPEN' | 'ALL'; limit?: number } = {},
    now = new Date(),
  ) {
    const open = status === 'OPEN' ? 'WHERE resolved_at IS NULL' : '';
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT * FROM (
         SELECT exception_id AS id, 'EXCEPTION' AS kind, order_id, type, severity, owner, source_service,
                details, raised_at, sla_due_at, acknowledged_at, resolved_at FROM ct_exception
         UNION ALL
         SELECT order_id || ':' || rule_id, 'SLA_BREACH', order_id, 'SLA_BREACH', 'HIGH', 'control-tower', NULL,
                'no ' || rule_id || ' milestone in time', raised_at, due_at, NULL, resolved_at FROM ct_sla_breach
       ) q ${open} ORDER BY raised_at LIMIT $1`,
      [limit],
    );
    return rows.map((r): ExceptionQueueItem => ({
      id: r.id as string,
      kind: r.kind as ExceptionQueueItem['kind'],
      orderId: r.order_id as string,
      type: r.type as string,
      severity: r.severity as string,
      owner: r.owner as string,
      sourceService: (r.source_service as string | null) ?? null,
      details: r.details as string,
      raisedAt: new Date(r.raised_at as string),
      slaDueAt: r.sla_due_at ? new Date(r.sla_due_at as string) : null,
      overdueSeconds: r.sla_due_at
        ? Math.round((now.getTime() - new Date(r.sla_due_at as string).getTime()) / 1000)
        : null,
      acknowledgedAt: r.acknowledged_at ? new Date(r.acknowledged_at as string) : null,
      resolvedAt: r.resolved_at ? new Date(r.resolved_at as string) : null,
    }));
  }
}
