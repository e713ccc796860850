/** What the simulator itself cost in CPU, so a benchmark can subtract or compare it. */
export interface CpuReport {
  /** Orders that reached their terminal state (COMPLETED or CANCELLED). */
  flows: number;
  /** User + system CPU from the first order placed to the last order terminal, in ms. */
  runMs: number;
  /** runMs / flows: what driving one flow cost; null when no flow completed. */
  perFlowMs: number | null;
  /** User + system CPU of the whole process (start-up, seeding and the checks too), in ms. */
  processMs: number;
}

export type CpuClock = (since?: NodeJS.CpuUsage) => NodeJS.CpuUsage;

const ms = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;
const round = (value: number) => Math.round(value * 100) / 100;

/**
 * process.cpuUsage over the run's window. Seeding, the stock and metrics snapshots and the
 * invariant checks are outside the window: they cost the same whatever the load, and a
 * per-flow figure that includes them falls as runs grow longer.
 */
export class CpuMeter {
  private started?: NodeJS.CpuUsage;
  private window?: NodeJS.CpuUsage;

  constructor(private readonly clock: CpuClock = (since) => process.cpuUsage(since)) {}

  start(): void {
    this.started = this.clock();
  }

  stop(): void {
    if (!this.started) throw new Error('the CPU meter was stopped before it was started');
    this.window ??= this.clock(this.started);
  }

  report(flows: number): CpuReport {
    const runMs = this.window ? ms(this.window) : 0;
    return {
      flows,
      runMs: round(runMs),
      perFlowMs: flows > 0 && this.window ? round(runMs / flows) : null,
      processMs: round(ms(this.clock())),
    };
  }
}
