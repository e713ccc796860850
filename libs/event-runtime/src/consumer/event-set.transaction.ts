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

// Each judged failure costs one more attempt at the whole set; past this many, the set is split.
const maxAttempts = 4;

/**
 * Applies a set of messages (any partitions, each partition's in offset order) in ONE database
 * transaction. A handler that fails names its event: the transaction is rolled back, the event
 * judged (parked, dead-lettered, or its partition held back from there for a retry) and the set
 * applied again with that verdict, so a parked or poison event in the middle costs one more
 * attempt, not a slow path for the rest. A failure no event can be blamed for (the lock hook, the
 * inbox statement), or a set that keeps failing, is split in two halves applied one after the
 * other (bisect) until the failing event stands alone and is judged. Transient failures are
 * thrown: the caller retries the whole set, which the inbox makes safe for halves already
 * committed. Returns how many handled events the committed transactions held (0: none needed).
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
  return applyItems(o, items);
}

async function applyItems(o: EventSetOptions, set: DecodedMessage[]): Promise<number> {
  let items = set;
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
      if (live.length > 1) return bisect(o, live);
      items = await judgeAlone(o, live[0], error, items);
      continue;
    }
    if (run.ok) {
      run.countOutcomes();
      return handled;
    }
    if (attempt >= maxAttempts && live.length > 1) return bisect(o, live);
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

/** Halves in log order: each partition's earlier events are in the first, or alone in one. */
async function bisect(o: EventSetOptions, items: DecodedMessage[]): Promise<number> {
  const middle = Math.ceil(items.length / 2);
  return (await applyItems(o, items.slice(0, middle))) + (await applyItems(o, items.slice(middle)));
}

/**
 * An event whose set failed with it alone, outside its handler. Judged once; if even its verdict
 * cannot be written (a dead letter's inbox row), it is left out, as it is on the dead-letter
 * topic already; a parked event is never dropped, its failure is retried.
 */
async function judgeAlone(
  o: EventSetOptions,
  item: DecodedMessage,
  error: unknown,
  items: DecodedMessage[],
): Promise<DecodedMessage[]> {
  const verdict = o.memory.verdicts.get(item.message);
  if (verdict?.kind === 'dead-lettered') return items.filter((i) => i !== item);
  if (verdict) throw error;
  const failure = o.failureOf?.(item.message);
  remember(
    o.memory,
    item.message,
    await o.applier.judge(item.message, item.envelope, error, failure),
  );
  return items;
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
