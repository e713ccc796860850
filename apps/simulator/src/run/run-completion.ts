export type RunState = 'running' | 'finished' | 'calls failed';
export type RunEnd = 'finished' | 'calls failed' | 'stalled';

/**
 * Decides when the run is over each time something happens (an event of the run, an order
 * created, a call settled), not on a timer: `finished` when every order is terminal and no
 * call is in flight, `calls failed` when failed calls left orders that can never be created.
 * The only timer is the stall watchdog, woken when the stall timeout could have passed and
 * armed again for what remains of it while things move.
 */
export class RunCompletion {
  readonly ended: Promise<RunEnd>;
  private finish!: (end: RunEnd) => void;
  private lastMove = Date.now();
  private started = false;
  private over = false;
  private watchdog?: NodeJS.Timeout;

  constructor(
    private readonly state: () => RunState,
    private readonly stallTimeoutMs: number,
  ) {
    this.ended = new Promise((resolve) => (this.finish = resolve));
  }

  /** From here on the run may end: the orders are placed. */
  start(): void {
    this.started = true;
    this.arm(this.stallTimeoutMs);
    this.check();
  }

  /** Something moved (an event, an order created): the stall clock starts again. */
  moved(): void {
    this.lastMove = Date.now();
    this.check();
  }

  check(): void {
    if (!this.started || this.over) return;
    const state = this.state();
    if (state !== 'running') this.end(state);
  }

  private arm(delayMs: number): void {
    this.watchdog = setTimeout(() => {
      const idle = Date.now() - this.lastMove;
      if (idle >= this.stallTimeoutMs) this.end('stalled');
      else this.arm(this.stallTimeoutMs - idle);
    }, delayMs);
  }

  private end(end: RunEnd): void {
    if (this.over) return;
    this.over = true;
    clearTimeout(this.watchdog);
    this.finish(end);
  }
}
