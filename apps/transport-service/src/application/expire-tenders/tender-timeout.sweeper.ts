import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { expireDueTender } from '../../domain';
import { TypeOrmShipmentRepository } from '../../infrastructure/shipment.repository';
import { UnitOfWork } from '../../infrastructure/unit-of-work';
import { CLOCK, type Clock } from '../clock';
import { ShipmentChanges } from '../shipment-changes';

export const TENDER_SWEEP_INTERVAL_MS = Symbol('TENDER_SWEEP_INTERVAL_MS');

const batchSize = 50;

/**
 * Tenders past their timeout are treated as rejected: TenderRejected (reason EXPIRED, the
 * schema's symbol for a timeout) and the re-tender to the next carrier, in one transaction per
 * batch. Rows are taken FOR UPDATE SKIP LOCKED, and a carrier's answer locks the same row, so
 * with several instances each tender expires once and never races an answer.
 */
@Injectable()
export class TenderTimeoutSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TenderTimeoutSweeper.name);
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<unknown>;

  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(TypeOrmShipmentRepository) private readonly shipments: TypeOrmShipmentRepository,
    @Inject(ShipmentChanges) private readonly changes: ShipmentChanges,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(TENDER_SWEEP_INTERVAL_MS) private readonly intervalMs: number,
  ) {}

  onApplicationBootstrap() {
    if (this.intervalMs <= 0) return;
    this.timer = setInterval(() => {
      this.sweeping ??= this.sweep()
        .catch((error) => this.logger.warn(`tender sweep failed; will retry: ${error}`))
        .finally(() => (this.sweeping = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown() {
    clearInterval(this.timer);
    await this.sweeping;
  }

  /** Expires every tender due at the clock's now; returns how many. */
  sweep(): Promise<number> {
    return this.uow.run(async (tx) => {
      const now = this.clock.now();
      const due = await this.shipments.lockDueForExpiry(tx, new Date(now), batchSize);
      for (const row of due) {
        await this.changes.save(tx, row, expireDueTender(row.state, now), null, now);
      }
      return due.length;
    });
  }
}
