import { IdempotencyClaim } from './idempotency-claim';
import { problem, ProblemException } from './problem';

/** What an attempt returns when its write found the state changed since its read. */
export const STALE = Symbol('stale');
export type Attempt<T> = T | typeof STALE;

// A row rewritten between read and write this many times in a row is a hot spot a client
// should back off from, not one to spin on.
const MAX_ATTEMPTS = 8;

// A deadlock or serialization failure rolled the write statement back whole: read again.
const retriedSqlStates = new Set(['40P01', '40001']);

function mustReadAgain(error: unknown): boolean {
  const e = error as { code?: unknown; driverError?: { code?: unknown } };
  const code = e?.driverError?.code ?? e?.code;
  return (
    IdempotencyClaim.isTakenBy(error) || (typeof code === 'string' && retriedSqlStates.has(code))
  );
}

/**
 * Optimistic concurrency for a command: read (one statement), decide in the pure domain, write
 * everything in one statement that changes nothing when what was read has changed since (a
 * version or row guard), and then start over from the read. A write that lost the race for
 * its Idempotency-Key starts over too (the next read finds the winner's answer), and so does
 * one rolled back by a deadlock. `attempt` gets its number (from 1), so a command whose row is
 * a known hot spot can switch to a pessimistic attempt after losing a few races.
 */
export async function untilWritten<T>(attempt: (n: number) => Promise<Attempt<T>>): Promise<T> {
  for (let n = 1; ; n += 1) {
    let outcome: Attempt<T>;
    try {
      outcome = await attempt(n);
    } catch (error) {
      if (!mustReadAgain(error)) throw error;
      outcome = STALE;
    }
    if (outcome !== STALE) return outcome;
    if (n >= MAX_ATTEMPTS) {
      throw new ProblemException(
        problem(
          409,
          'REQUEST.CONCURRENT_UPDATE',
          `the resource changed ${n} times while this request was applied; retry it`,
        ),
      );
    }
  }
}
