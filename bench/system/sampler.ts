/**
 * Reads the counters a step's window is measured with, a few times a second for the whole run:
 * the machine's CPU (/proc/stat), each process's CPU and RSS (/proc/<pid>), PostgreSQL (all of
 * it, and the benchmark's own cluster apart), Kafka and the registry, the statements per database (pg_stat_statements) and, once a second, each
 * service's consumed-events counter (/metrics). The same sampler runs during the idle step, so
 * its own cost is in the idle figures that are taken out of every step.
 */
import type { CounterPoint } from './method/step-window';
import {
  appliedOf,
  consumedByOutcome,
  infrastructureCpuSeconds,
  machineCpuSeconds,
  procSample,
  procTreeSample,
} from './probes';

export interface Sample {
  t: number;
  /** CPU seconds: busy, iowait (machine), postgres, kafka, registry, and one per process. */
  cpu: Record<string, number>;
  rssMiB: Record<string, number>;
  /** Statements per service, from its database's pg_stat_statements calls. */
  statements?: Record<string, number>;
  /** Events applied per service (applied + unparked), read once a second. */
  applied?: Record<string, number>;
}

export interface SamplerSources {
  /**
   * The processes to read, by name: the services, and the simulator while it runs (`tree`: with
   * its descendants).
   */
  pids(): Record<string, { pid: number; tree?: boolean } | undefined>;
  statements(): Promise<Record<string, number>>;
  serviceUrls(): Record<string, string>;
  /** The benchmark's PostgreSQL cluster's server process. */
  postmasterPid?: number;
}

export class Sampler {
  readonly samples: Sample[] = [];
  private timer?: NodeJS.Timeout;
  private busy = false;
  private ticks = 0;

  constructor(
    private readonly sources: SamplerSources,
    readonly intervalMs = 250,
    private readonly metricsEvery = 4,
  ) {}

  start() {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    return this.tick();
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One counter over time, for method/step-window.ts. */
  series(pick: (s: Sample) => number | undefined): CounterPoint[] {
    const out: CounterPoint[] = [];
    for (const s of this.samples) {
      const value = pick(s);
      if (value !== undefined) out.push({ t: s.t, value });
    }
    return out;
  }

  /** Waits for a sample taken after now: a window's end needs one beyond it. */
  async next(): Promise<void> {
    const after = Date.now();
    while (!this.samples.length || this.samples[this.samples.length - 1].t <= after)
      await new Promise((r) => setTimeout(r, this.intervalMs / 2));
  }

  private async tick() {
    if (this.busy) return;
    this.busy = true;
    try {
      const withMetrics = this.ticks++ % this.metricsEvery === 0;
      const t = Date.now();
      const machine = machineCpuSeconds();
      const s: Sample = {
        t,
        cpu: {
          ...machine,
          ...infrastructureCpuSeconds(this.sources.postmasterPid),
          bench: benchCpuSeconds(),
        },
        rssMiB: {},
      };
      for (const [name, proc] of Object.entries(this.sources.pids())) {
        const p = proc && (proc.tree ? procTreeSample(proc.pid) : procSample(proc.pid));
        if (!p) continue;
        s.cpu[name] = p.cpuSeconds;
        s.rssMiB[name] = p.rssMiB;
      }
      s.statements = await this.sources.statements().catch(() => undefined);
      if (withMetrics) {
        const urls = Object.entries(this.sources.serviceUrls());
        const counts = await Promise.all(urls.map(([, url]) => consumedByOutcome(url)));
        // A service that did not answer is left out rather than read as 0.
        s.applied = Object.fromEntries(
          urls.flatMap(([name], i) =>
            Object.keys(counts[i]).length ? [[name, appliedOf(counts[i])]] : [],
          ),
        );
      }
      this.samples.push(s);
    } finally {
      this.busy = false;
    }
  }
}

function benchCpuSeconds() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}
