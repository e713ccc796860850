import type { DataSource } from 'typeorm';
import type { RawMessage } from './consumed-event';
import type { FailureRecord } from './dead-letter.publisher';
import type { ApplyResult, EventApplier } from './event-applier';

export interface ChunkOutcome {
  /** How many messages from the start of the chunk are done (applied, skipped, parked or dead-lettered). */
  done: number;
  failure?: Extract<ApplyResult, { ok: false }>;
}

/**
 * Applies consecutive messages of one partition in ONE database transaction: this is what
 * lifts throughput past one commit per event. It stops at the first message that needs a
 * retry, commits what came before it, and reports the failure.
 */
export async function applyChunk(
  dataSource: DataSource,
  applier: EventApplier,
  messages: RawMessage[],
  failures: Map<string, FailureRecord>,
): Promise<ChunkOutcome> {
  const qr = dataSource.createQueryRunner();
  await qr.connect();
  try {
    await qr.startTransaction();
    let done = 0;
    let failure: ChunkOutcome['failure'];
    for (const message of messages) {
      const result = await applier.apply(qr, message, failures.get(message.offset));
      if (!result.ok) {
        failure = result;
        break;
      }
      done += 1;
    }
    await qr.commitTransaction();
    return { done, failure };
  } catch (error) {
    if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    await qr.release();
  }
}
