/**
 * Runs the actors' API calls off the event feed's thread with bounded concurrency, so a slow
 * call never holds up the events behind it, and keeps every failure for the report.
 */
export class WorkQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  readonly failures: { what: string; error: string }[] = [];

  constructor(private readonly concurrency: number) {}

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
    void run.finally(() => this.inFlight.delete(run));
  }

  get pending(): number {
    return this.inFlight.size;
  }

  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Repeats a call while it answers one of `retryOn` (the other side has not caught up yet). */
export async function retryWhile<T>(
  call: () => Promise<T>,
  retryOn: (error: unknown) => boolean,
  { attempts = 60, delayMs = 250 }: { attempts?: number; delayMs?: number } = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= attempts || !retryOn(error)) throw error;
      await sleep(delayMs);
    }
  }
}
