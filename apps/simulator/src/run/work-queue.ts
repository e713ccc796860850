/**
 * Runs the actors' API calls off the event feed's thread with bounded concurrency, so a slow
 * call never holds up the events behind it, and keeps every failure for the report.
 */
export class WorkQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  readonly failures: { what: string; error: string }[] = [];

  /** `onSettled` runs after each task, once it no longer counts as pending. */
  constructor(
    private readonly concurrency: number,
    private readonly onSettled: () => void = () => undefined,
  ) {}

  push(what: string, task: () => Promise<void>): void {
    const run = (async () => {
      if (this.running >= this.concurrency)
        await new Promise<void>((resolve) => this.waiting.push(resolve));
      this.running++;
      try {
        await task();
      } catch (error) {
        this.failures.push({ what, error: error instanceof Error ? error.message : String(error) });
      } finally {
        this.running--;
        this.waiting.shift()?.();
      }
    })();
    this.inFlight.add(run);
    void run.finally(() => {
      this.inFlight.delete(run);
      this.onSettled();
    });
  }

  get pending(): number {
    return this.inFlight.size;
  }

  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }
}

/** A pause; none at all for 0 (a benchmark's actors act at once, without a timer each). */
export const sleep = (ms: number): Promise<void> =>
  ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();

export interface Backoff {
  firstDelayMs: number;
  maxDelayMs: number;
  /** Give up (rethrow) once this long has passed since the first attempt. */
  giveUpAfterMs: number;
}

/**
 * Repeats a call while it fails with an error `retryOn` accepts, waiting twice as long each
 * time up to maxDelayMs. `onRetry` sees each retried error (to count them).
 */
export async function retryWithBackoff<T>(
  call: () => Promise<T>,
  retryOn: (error: unknown) => boolean,
  { firstDelayMs, maxDelayMs, giveUpAfterMs }: Backoff,
  onRetry: (error: unknown) => void = () => undefined,
): Promise<T> {
  const started = Date.now();
  for (let delay = firstDelayMs; ; delay = Math.min(delay * 2, maxDelayMs)) {
    try {
      return await call();
    } catch (error) {
      if (!retryOn(error) || Date.now() - started + delay > giveUpAfterMs) throw error;
      onRetry(error);
      await sleep(delay);
    }
  }
}
