import type { DataSource, QueryRunner } from 'typeorm';
import { classifyError } from '../errors/classify-error';
import type { RawMessage } from './consumed-event';
import type { FailureRecord } from './dead-letter.publisher';
import type { ApplyFailure, DecodedMessage, EventApplier, SetRun, Verdict } from './event-applier';

/** The first message of a partition left for a retry; its later messages were left too. */
export interface HeldBack {
  offset: string;
  failure: ApplyFailure;
}

/** What one set's application learned; kept by the caller across retries of the same set. */
export interface SetMemory {
  verdicts: Map<RawMessage, Verdict>;
  /** By partitionOf(message). */
  heldBack: Map<string, HeldBack>;
}

export interface EventSetOptions {
  dataSource: DataSource;
  applier: EventApplier;
  memory: SetMemory;
  /** Earlier failures of a message (unknown failures are dead-lettered after a few). */
  failureOf?: (message: RawMessage) => FailureRecord | undefined;
}

export const partitionOf = (m: { topic: string; partition: number }) => `${m.topic}|${m.partition}`;

export function isHeldBack(message: RawMessage, heldBack: ReadonlyMap<string, HeldBack>): boolean {
  const held = heldBack.get(partitionOf(message));
  return held !== undefined && BigInt(message.offset) >= BigInt(held.offset);
}

// Each judged failure costs one more attempt at the whole set; past this many, the savepoint
// path isolates every event at once instead.
const maxAttempts = 4;

/**
 * Applies a set of messages (any partitions, each partition's in offset order) in ONE database
 * transaction. A handler that fails names its event: the transaction is rolled back, the event
 * judged (parked, dead-lettered, or its partition held back from there for a retry) and the set
 * applied again with that verdict, so a parked or poison event in the middle costs one more
 * attempt, not a slow path for the rest. A failure no event can be blamed for (the lock hook, the
 * inbox) sends the set event by event with savepoints. Transient failures are thrown, with
 * nothing committed: the caller retries the whole set. Returns how many handled events the
 * committed transaction held (0 when none was needed).
 */
export async function applyEventSet(o: EventSetOptions, messages: RawMessage[]): Promise<number> {
  const items: DecodedMessage[] = [];
  for (const message of messages) {
    if (isHeldBack(message, o.memory.heldBack) || !o.applier.wants(message)) continue;
    try {
      items.push(await o.applier.decode(message));
    } catch (error) {
      // Judged (and dead-lettered) by an earlier attempt at this set: once is enough.
      if (o.memory.verdicts.has(message)) continue;
      const failure = o.failureOf?.(message);
      remember(o.memory, message, await o.applier.judge(message, undefined, error, failure));
    }
  }
  for (let attempt = 1; ; attempt++) {
    const live = items.filter((i) => !isHeldBack(i.message, o.memory.heldBack));
    const handled = live.filter((i) => o.applier.handles(i.envelope.eventType)).length;
    if (handled === 0) return 0;
    let run: SetRun;
    try {
      run = await inTransaction(o.dataSource, (qr) =>
        o.applier.applySet(qr, live, o.memory.verdicts),
      );
    } catch (error) {
      if (classifyError(error) === 'transient') throw error;
      return applyEventByEvent(o, live);
    }
    if (run.ok) {
      run.countOutcomes();
      return handled;
    }
    if (attempt >= maxAttempts) return applyEventByEvent(o, live);
    const failed = live.find((i) => i.message === run.failed)!;
    const verdict = await o.applier.judge(
      failed.message,
      failed.envelope,
      run.error,
      o.failureOf?.(failed.message),
    );
    remember(o.memory, failed.message, verdict);
  }
}

function remember(memory: SetMemory, message: RawMessage, verdict: Verdict): void {
  if (verdict.kind === 'held') {
    memory.heldBack.set(partitionOf(message), { offset: message.offset, failure: verdict.failure });
  } else {
    memory.verdicts.set(message, verdict);
  }
}

async function inTransaction(
  dataSource: DataSource,
  work: (qr: QueryRunner) => Promise<SetRun>,
): Promise<SetRun> {
  const qr = dataSource.createQueryRunner();
  await qr.connect();
  try {
    await qr.startTransaction();
    const run = await work(qr);
    if (run.ok) await qr.commitTransaction();
    else await qr.rollbackTransaction();
    return run;
  } catch (error) {
    if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    await qr.release();
  }
}

/**
 * The slow path, for failures no single event explains: every event under a savepoint of its
 * own, an unknown failure holding back the rest of its partition only, a transient one rolling
 * back the whole set.
 */
async function applyEventByEvent(o: EventSetOptions, items: DecodedMessage[]): Promise<number> {
  const qr = o.dataSource.createQueryRunner();
  await qr.connect();
  try {
    await qr.startTransaction();
    await o.applier.lockChunk(
      qr,
      items.map((i) => i.message),
    );
    for (const item of items) {
      if (isHeldBack(item.message, o.memory.heldBack)) continue;
      if (o.memory.verdicts.get(item.message)?.kind === 'dead-lettered') {
        await o.applier.recordDeadLettered(qr, item);
        continue;
      }
      const result = await o.applier.apply(qr, item.message, o.failureOf?.(item.message));
      if (result.ok) continue;
      if (result.errorClass === 'transient') throw result.error;
      remember(o.memory, item.message, { kind: 'held', failure: result });
    }
    await qr.commitTransaction();
    return items.filter((i) => o.applier.handles(i.envelope.eventType)).length;
  } catch (error) {
    if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    await qr.release();
  }
}
