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
 * lifts throughput past one commit per event. First all or nothing without savepoints; if
 * anything fails, again event by event with a savepoint each, stopping at the first message
 * that needs a retry, committing what came before it, and reporting the failure.
 */
export async function applyChunk(
  dataSource: DataSource,
  applier: EventApplier,
  messages: RawMessage[],
  failures: Map<string, FailureRecord>,
): Promise<ChunkOutcome> {
  if (failures.size === 0 && (await applyAllOrNothing(dataSource, applier, messages))) {
    return { done: messages.length };
  }
  return applyEventByEvent(dataSource, applier, messages, failures);
}

/** The common case, with no savepoints: true when the whole chunk committed. */
async function applyAllOrNothing(
  dataSource: DataSource,
  applier: EventApplier,
  messages: RawMessage[],
): Promise<boolean> {
  const qr = dataSource.createQueryRunner();
  await qr.connect();
  try {
    await qr.startTransaction();
    const countOutcomes = await applier.applyAll(qr, messages);
    await qr.commitTransaction();
    countOutcomes();
    return true;
  } catch {
    // Whatever it was, the event-by-event path meets it again and classifies it.
    if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
    return false;
  } finally {
    await qr.release();
  }
}

async function applyEventByEvent(
  dataSource: DataSource,
  applier: EventApplier,
  messages: RawMessage[],
  failures: Map<string, FailureRecord>,
): Promise<ChunkOutcome> {
  const qr = dataSource.createQueryRunner();
  await qr.connect();
  try {
    await qr.startTransaction();
    await applier.lockChunk(qr, messages);
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
