import type { EachBatchPayload } from 'kafkajs';
import type { RuntimeLogger } from '../logging/runtime-logger';

/**
 * Commits the group's positions after the database has committed the work before them, in one
 * OffsetCommit for every partition of this member, at most once per fetch round and at most once
 * per `intervalMs`: rounds in between only resolve their offsets, and the next commit (or a timer)
 * carries them. A crash loses at most `intervalMs` of commits; the inbox absorbs that redelivery.
 * Once stopping, every commit is immediate, so the work finished at SIGTERM keeps its offsets.
 */
export class OffsetCommitter {
  private timer?: NodeJS.Timeout;
  private latest?: EachBatchPayload;
  private lastCommitAt = 0;
  private stopping = false;
  private committing: Promise<void> = Promise.resolve();

  constructor(
    private readonly intervalMs: number,
    private readonly logger: RuntimeLogger,
  ) {}

  /** Called once a round's offsets are resolved (kafkajs' fetch position has moved past them). */
  async afterRound(payload: EachBatchPayload): Promise<void> {
    this.latest = payload;
    if (this.stopping || !payload.isRunning()) return this.commitNow();
    const dueInMs = this.lastCommitAt + this.intervalMs - Date.now();
    if (dueInMs <= 0) {
      // Not awaited: the next fetch need not wait for the broker's answer; a failed commit
      // leaves the offsets resolved and uncommitted, and the next commit carries them.
      void this.commitNow();
      return;
    }
    this.timer ??= setTimeout(() => void this.commitNow(), dueInMs).unref();
  }

  /** Commits what is resolved now and makes every later commit immediate. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.commitNow();
  }

  /** Commits whatever is resolved and not yet committed, now. */
  commitNow(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const payload = this.latest;
    if (!payload) return this.committing;
    this.lastCommitAt = Date.now();
    this.committing = this.committing.then(async () => {
      try {
        const offsets = payload.uncommittedOffsets();
        // Through the batch's own commit: consumer.commitOffsets() is silently dropped once
        // kafkajs has begun stopping, which would lose the commit of a round finished at SIGTERM.
        if (offsets.topics.length > 0) await payload.commitOffsetsIfNecessary(offsets);
      } catch (error) {
        this.logger.warn({ err: error }, 'offset commit failed; the next commit carries these');
      }
    });
    return this.committing;
  }
}
