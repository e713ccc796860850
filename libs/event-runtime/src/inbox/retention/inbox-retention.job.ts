import type { DataSource } from 'typeorm';
import type { RuntimeLogger } from '../../logging/runtime-logger';
import { silentLogger } from '../../logging/runtime-logger';
import { deleteExpiredInboxRows } from './inbox-retention.queries';

/** See the runtime's README, "Inbox retention", for why these numbers. */
export const DEFAULT_DEDUPE_HORIZON_DAYS = 30;
export const MIN_DEDUPE_HORIZON_DAYS = 8;

export interface InboxRetentionOptions {
  dataSource: DataSource;
  /** Inbox rows older than this are deleted: a redelivery from further back is applied again. */
  horizonDays?: number;
  /** Between two runs; a run deletes batch after batch until nothing is older than the horizon. */
  intervalMs?: number;
  /** The first run, after startup has settled. */
  firstRunAfterMs?: number;
  batchSize?: number;
  logger?: RuntimeLogger;
}

/**
 * Keeps the inbox (`processed_event`) to the dedupe horizon. Every batch is its own short
 * transaction holding row locks on at most `batchSize` rows, so consumers inserting into the
 * inbox never wait on it; an index on processed_at finds the oldest rows without a scan.
 */
export class InboxRetentionJob {
  readonly horizonDays: number;
  private readonly intervalMs: number;
  private readonly firstRunAfterMs: number;
  private readonly batchSize: number;
  private readonly logger: RuntimeLogger;
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private started = false;
  private stopping = false;

  constructor(private readonly options: InboxRetentionOptions) {
    this.horizonDays = options.horizonDays ?? DEFAULT_DEDUPE_HORIZON_DAYS;
    this.intervalMs = options.intervalMs ?? 3600_000;
    this.firstRunAfterMs = options.firstRunAfterMs ?? 60_000;
    this.batchSize = options.batchSize ?? 5_000;
    this.logger = options.logger ?? silentLogger;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.stopping = false;
    this.schedule(this.firstRunAfterMs);
  }

  async stop(): Promise<void> {
    this.started = false;
    this.stopping = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Deletes every inbox row past the horizon, batch by batch; returns how many. */
  async runOnce(): Promise<number> {
    const horizonSeconds = this.horizonDays * 86_400;
    let deleted = 0;
    for (;;) {
      const n = await deleteExpiredInboxRows(
        this.options.dataSource,
        horizonSeconds,
        this.batchSize,
      );
      deleted += n;
      if (n < this.batchSize || this.stopping) return deleted;
    }
  }

  private schedule(delayMs: number): void {
    if (!this.started) return;
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    this.running = this.runOnce();
    try {
      const deleted = await this.running;
      if (deleted > 0) {
        this.logger.info(
          { deleted, horizonDays: this.horizonDays },
          'inbox rows past the dedupe horizon deleted',
        );
      }
    } catch (error) {
      // The next run catches up; the inbox only grows meanwhile.
      this.logger.warn({ err: error }, 'inbox retention failed; retrying at the next run');
    } finally {
      this.running = undefined;
      this.schedule(this.intervalMs);
    }
  }
}
