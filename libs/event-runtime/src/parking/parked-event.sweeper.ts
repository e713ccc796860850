import type { DataSource } from 'typeorm';
import type { EventApplier } from '../consumer/event-applier';
import type { RuntimeLogger } from '../logging/runtime-logger';
import type { RuntimeMetrics } from '../metrics/runtime-metrics';
import { countParked, takeStale } from './parked-events';

export interface SweeperOptions {
  service: string;
  dataSource: DataSource;
  applier: EventApplier;
  intervalMs: number;
  metrics?: RuntimeMetrics;
  logger: RuntimeLogger;
}

/**
 * Parked events are re-applied the moment their prerequisite is applied. A prerequisite
 * committed by a concurrent transaction in the same instant can miss a freshly parked event;
 * this sweeper retries every parked event periodically so none waits for ever.
 */
export class ParkedEventSweeper {
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;

  constructor(private readonly o: SweeperOptions) {}

  start(): void {
    this.timer = setInterval(() => {
      this.sweeping ??= this.sweep().finally(() => (this.sweeping = undefined));
    }, this.o.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  async sweep(): Promise<void> {
    try {
      await this.o.dataSource.transaction(async (tx) => {
        const qr = tx.queryRunner!;
        for (const row of await takeStale(tx, this.o.service, this.o.intervalMs, 100)) {
          await this.o.applier.applyParked(qr, row);
        }
        this.o.metrics?.parked.set(
          { service: this.o.service },
          await countParked(tx, this.o.service),
        );
      });
    } catch (error) {
      this.o.logger.warn({ err: error }, 'parked event sweep failed; will retry');
    }
  }
}
