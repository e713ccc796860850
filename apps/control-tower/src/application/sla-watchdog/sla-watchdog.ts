import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Counter, type Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { evaluateSla, type SlaRule } from '../../domain/sla-rules';
import { METRICS_REGISTRY } from '@logisync/event-runtime';
import { CONTROL_TOWER_SETTINGS, SLA_RULES, type ControlTowerSettings } from '../tokens';

/**
 * The absence of an event is an exception: every interval, each open order's clocks are
 * evaluated and a breach is recorded once (its primary key is order and rule); the milestone
 * that ends the clock resolves it (RecordMilestoneHandler). Breaches show in the exception
 * queue as SLA_BREACH.
 */
@Injectable()
export class SlaWatchdog implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SlaWatchdog');
  private timer?: NodeJS.Timeout;
  private running = false;
  private readonly breaches: Counter<string>;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SLA_RULES) private readonly rules: SlaRule[],
    @Inject(CONTROL_TOWER_SETTINGS) private readonly settings: ControlTowerSettings,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.breaches = new Counter({
      name: 'logisync_sla_breaches_total',
      help: 'SLA breaches raised by the control tower, by rule',
      labelNames: ['rule'],
      registers: [registry],
    });
  }

  onApplicationBootstrap() {
    // A sweep that fails (the database restarting) is tried again at the next interval; an
    // unhandled rejection here would end the process.
    this.timer = setInterval(
      () =>
        void this.sweep().catch((error) =>
          this.logger.warn(`SLA sweep failed; will retry: ${error}`),
        ),
      this.settings.slaCheckIntervalMs,
    );
    this.timer.unref();
  }

  onApplicationShutdown() {
    clearInterval(this.timer);
  }

  /** One pass over the open orders; returns the breaches it raised. */
  async sweep(now = new Date()): Promise<{ orderId: string; ruleId: string }[]> {
    if (this.running) return [];
    this.running = true;
    try {
      const rows: { order_id: string; event_type: string; occurred_at: Date }[] =
        await this.dataSource.query(
          `SELECT e.order_id, e.event_type, e.occurred_at FROM ct_event e
         JOIN ct_order o ON o.order_id = e.order_id
         WHERE o.status NOT IN ('COMPLETED', 'CANCELLED')`,
        );
      const byOrder = new Map<string, { eventType: string; occurredAt: Date }[]>();
      for (const r of rows) {
        const list = byOrder.get(r.order_id) ?? [];
        list.push({ eventType: r.event_type, occurredAt: new Date(r.occurred_at) });
        byOrder.set(r.order_id, list);
      }
      const raised: { orderId: string; ruleId: string }[] = [];
      for (const [orderId, milestones] of byOrder) {
        for (const verdict of evaluateSla(this.rules, milestones, now)) {
          if (verdict.state !== 'BREACHED') continue;
          const inserted: unknown[] = await this.dataSource.query(
            `INSERT INTO ct_sla_breach (order_id, rule_id, due_at, raised_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING RETURNING rule_id`,
            [orderId, verdict.ruleId, verdict.dueAt, now],
          );
          if (inserted.length === 1) {
            this.breaches.inc({ rule: verdict.ruleId });
            raised.push({ orderId, ruleId: verdict.ruleId });
          }
        }
      }
      return raised;
    } finally {
      this.running = false;
    }
  }
}
