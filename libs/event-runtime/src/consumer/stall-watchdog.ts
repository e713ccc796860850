import type { Admin, Kafka } from 'kafkajs';
import type { RuntimeLogger } from '../logging/runtime-logger';

export interface StallWatchdogOptions {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  intervalMs: number;
  /** No batch work for this long while messages wait counts as a stall. */
  stallAfterMs: number;
  isPaused(): boolean;
  lastActivityAt(): number;
  restart(): Promise<void>;
  logger: RuntimeLogger;
}

/**
 * kafkajs consumers are known to stop fetching without an error (a crash during a join, a
 * rebalance loop). The watchdog compares the group's committed offsets with the topics' ends:
 * messages waiting and no batch work for stallAfterMs means the consumer is restarted.
 */
export class StallWatchdog {
  private timer?: NodeJS.Timeout;
  private admin?: Admin;
  private checking?: Promise<void>;

  constructor(private readonly o: StallWatchdogOptions) {}

  start(): void {
    this.timer = setInterval(() => {
      this.checking ??= this.check()
        .then(() => undefined)
        .catch((error) => this.o.logger.warn({ err: error }, 'stall check failed'))
        .finally(() => (this.checking = undefined));
    }, this.o.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.checking;
    await this.admin?.disconnect().catch(() => undefined);
    this.admin = undefined;
  }

  /** True when it found a stall and restarted the consumer. */
  async check(): Promise<boolean> {
    if (this.o.isPaused()) return false;
    const idleMs = Date.now() - this.o.lastActivityAt();
    if (idleMs < this.o.stallAfterMs) return false;
    const waiting = await this.waitingMessages();
    if (waiting === 0) return false;
    this.o.logger.warn(
      { waiting, idleMs, groupId: this.o.groupId },
      'consumer stalled; restarting it',
    );
    await this.o.restart();
    return true;
  }

  private async waitingMessages(): Promise<number> {
    if (!this.admin) {
      this.admin = this.o.kafka.admin();
      await this.admin.connect();
    }
    let waiting = 0;
    const committed = await this.admin.fetchOffsets({
      groupId: this.o.groupId,
      topics: this.o.topics,
    });
    for (const topic of this.o.topics) {
      const ends = await this.admin.fetchTopicOffsets(topic);
      const positions = committed.find((c) => c.topic === topic)?.partitions ?? [];
      for (const end of ends) {
        const position = Number(positions.find((p) => p.partition === end.partition)?.offset ?? -1);
        const from = position >= 0 ? position : Number(end.low);
        waiting += Math.max(0, Number(end.high) - from);
      }
    }
    return waiting;
  }
}
