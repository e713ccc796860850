import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { CronExpressionParser } from 'cron-parser';
import type { BillingSettings } from '../../config';
import { BILLING_SETTINGS } from '../billing-settings';
import { RunReconciliationHandler } from './run-reconciliation.handler';

/** Longest single wait: timers beyond 2^31 ms overflow, and clocks drift; re-aim every hour. */
const maxWaitMs = 3_600_000;

/**
 * Runs reconciliation at each slot of the configured cron expression (UTC). Every instance
 * aims at the same slots; the run's unique slot lets exactly one of them run each slot.
 */
@Injectable()
export class ReconciliationScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReconciliationScheduler');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;

  constructor(
    @Inject(RunReconciliationHandler) private readonly run: RunReconciliationHandler,
    @Inject(BILLING_SETTINGS) private readonly settings: BillingSettings,
  ) {}

  onApplicationBootstrap() {
    this.aim(this.nextSlot(new Date()));
  }

  async onApplicationShutdown() {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  nextSlot(after: Date): Date {
    return CronExpressionParser.parse(this.settings.reconciliationCron, {
      tz: 'UTC',
      currentDate: after,
    })
      .next()
      .toDate();
  }

  private aim(slot: Date) {
    if (this.stopped) return;
    const wait = Math.min(Math.max(slot.getTime() - Date.now(), 0), maxWaitMs);
    this.timer = setTimeout(() => {
      if (Date.now() < slot.getTime()) return this.aim(slot);
      this.running = this.fire(slot).finally(() => {
        this.running = undefined;
        this.aim(this.nextSlot(new Date(Math.max(Date.now(), slot.getTime()))));
      });
    }, wait);
    this.timer.unref();
  }

  private async fire(slot: Date) {
    try {
      const run = await this.run.execute('SCHEDULED', slot);
      if (run)
        this.logger.log(
          `reconciliation ${run.id} of ${slot.toISOString()}: ${run.mismatchCount} mismatches`,
        );
    } catch (error) {
      this.logger.error(`reconciliation of ${slot.toISOString()} failed: ${error}`);
    }
  }
}
