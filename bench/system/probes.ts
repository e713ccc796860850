/**
 * What the system benchmark reads from the running system without changing it: the services'
 * /metrics, /proc of their processes, and the milestone topics (decoded with the canonical
 * codec, by topic-recorder.ts) for per-hop latency from event metadata.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Sum of logisync_events_consumed_total per outcome, from one service's /metrics. */
export async function consumedByOutcome(baseUrl: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  try {
    // Only this counter: the whole /metrics runs every business gauge's queries each second.
    const text = await (
      await fetch(`${baseUrl}/metrics?name=logisync_events_consumed_total`)
    ).text();
    for (const line of text.split('\n')) {
      if (!line.startsWith('logisync_events_consumed_total{')) continue;
      const outcome = /outcome="([^"]+)"/.exec(line)?.[1] ?? 'unknown';
      const value = Number(line.slice(line.lastIndexOf(' ') + 1));
      if (Number.isFinite(value)) out[outcome] = (out[outcome] ?? 0) + value;
    }
  } catch {
    // a service being restarted answers nothing: the sample is skipped
  }
  return out;
}

export const appliedOf = (c: Record<string, number>) => (c.applied ?? 0) + (c.unparked ?? 0);
export const processedOf = (c: Record<string, number>) =>
  Object.values(c).reduce((a, b) => a + b, 0);

const ticksPerSecond = 100;

/**
 * A process's command name and the fields of /proc/<pid>/stat after it: [0] is field 3
 * (state); utime, stime, cutime and cstime (fields 14-17) are [11]-[14], in clock ticks.
 */
function readStat(pid: number | string): { comm: string; fields: number[] } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const close = stat.lastIndexOf(')');
  return {
    comm: stat.slice(stat.indexOf('(') + 1, close),
    fields: stat
      .slice(close + 2)
      .split(' ')
      .map(Number),
  };
}

/** CPU seconds (user + system) and RSS in MiB of one process, from /proc. */
export function procSample(pid: number): { cpuSeconds: number; rssMiB: number } | undefined {
  try {
    const { fields } = readStat(pid);
    const cpuSeconds = (fields[11] + fields[12]) / ticksPerSecond;
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { cpuSeconds, rssMiB: rssKiB / 1024 };
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds and RSS of a process and its live descendants (/proc/<pid>/task/<tid>/children):
 * the simulator runs under tsx, whose launcher runs the program in a child process. Each
 * process's cutime + cstime keeps what its exited children used, so the sum does not go back
 * when one exits.
 */
export function procTreeSample(pid: number): { cpuSeconds: number; rssMiB: number } | undefined {
  const root = procSample(pid);
  if (!root) return undefined;
  let cpuSeconds = 0;
  let rssMiB = 0;
  const pending = [pid];
  while (pending.length) {
    const p = pending.pop()!;
    try {
      const { fields } = readStat(p);
      cpuSeconds += (fields[11] + fields[12] + fields[13] + fields[14]) / ticksPerSecond;
      rssMiB += procSample(p)?.rssMiB ?? 0;
      for (const task of readdirSync(`/proc/${p}/task`)) {
        const children = readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim();
        if (children) pending.push(...children.split(' ').map(Number));
      }
    } catch {
      // exited between the listing and the read
    }
  }
  return { cpuSeconds, rssMiB };
}

/**
 * CPU seconds of the infrastructure on this machine, in one pass over /proc: every `postgres`
 * process (servers and backends; a server's cutime + cstime keeps what its exited backends
 * used, so a pool closing an idle connection does not make the sum go back), apart from them
 * the benchmark's own cluster (its postmaster, `ownPostmaster`, and its children: the shared
 * cluster and other engineers' test clusters are not the system under test, and a cluster that
 * stops takes its whole total out of the machine-wide sum), the Kafka broker (a JVM running
 * kafka.Kafka) and the schema registry (a JVM running quarkus-run.jar).
 */
export function infrastructureCpuSeconds(ownPostmaster?: number): {
  postgres: number;
  benchPostgres: number;
  kafka: number;
  registry: number;
} {
  const sums = { postgres: 0, benchPostgres: 0, kafka: 0, registry: 0 };
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const { comm, fields: f } = readStat(pid);
      if (comm !== 'postgres' && comm !== 'java') continue;
      if (comm === 'postgres') {
        const cpu = (f[11] + f[12] + f[13] + f[14]) / ticksPerSecond;
        sums.postgres += cpu;
        // f[1] is the parent's pid: a backend of the benchmark's cluster.
        if (ownPostmaster && (Number(pid) === ownPostmaster || f[1] === ownPostmaster))
          sums.benchPostgres += cpu;
        continue;
      }
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const own = (f[11] + f[12]) / ticksPerSecond;
      if (args.includes('kafka.Kafka')) sums.kafka += own;
      else if (args.some((a) => a.endsWith('quarkus-run.jar'))) sums.registry += own;
    } catch {
      // exited between the listing and the read
    }
  }
  return sums;
}

/** The parent of a process: a backend's parent is its cluster's postmaster. */
export function parentPid(pid: number): number | undefined {
  try {
    return readStat(pid).fields[1];
  } catch {
    return undefined;
  }
}

/**
 * The whole machine's CPU seconds from /proc/stat: busy (all but idle and iowait) and iowait (a
 * core idle while a process waits for the disk: PostgreSQL's WAL flush at every commit).
 */
export function machineCpuSeconds(): { busy: number; iowait: number } {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const values = ticks.slice(0, 8).map(Number); // user nice system idle iowait irq softirq steal
  const total = values.reduce((a, b) => a + b, 0);
  return {
    busy: (total - values[3] - values[4]) / ticksPerSecond,
    iowait: values[4] / ticksPerSecond,
  };
}

/**
 * CPU seconds of this process's children that have exited and been waited for (cutime +
 * cstime): around one simulator run, what the load generator itself used.
 */
export function exitedChildrenCpuSeconds(): number {
  const { fields } = readStat('self');
  return (fields[13] + fields[14]) / ticksPerSecond;
}

export function loadAverage(): number[] {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
}

export interface RecordedEvent {
  topic: string;
  eventId: string;
  eventType: string;
  causationId: string | null;
  correlationId: string;
  occurredAt: number;
  recordedAt: number;
  /** The Kafka record's CreateTime: set by the relay's producer when it sent the event. */
  publishedAt: number;
  bytes: number;
}

/** The decoded milestone events the benchmark has read, by id for the causation chains. */
export interface EventLog {
  readonly events: readonly RecordedEvent[];
  readonly byId: ReadonlyMap<string, RecordedEvent>;
}

export function percentile(sorted: number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1],
  };
}

/**
 * Per-hop latency: an event's recordedAt (its outbox commit in the next service) minus the
 * recordedAt of its cause, for the events of the given orders. Split in two at the cause's
 * publishedAt: the producing side (recordedAt is taken when the handler builds the event, so
 * this is the rest of its transaction, the commit, the relay's wake-up, claim and send) and the
 * consuming side (the send to the next event's creation: broker, fetch, queueing behind other
 * batches, the handler's transaction up to that point).
 */
export function hopLatencies(recorder: EventLog, orders: ReadonlySet<string>) {
  const all: number[] = [];
  const relay: number[] = [];
  const consume: number[] = [];
  const perHopSplit = new Map<string, { relay: number[]; consume: number[] }>();
  const perHop = new Map<string, number[]>();
  const perSecond = new Map<number, number[]>();
  for (const e of recorder.events) {
    if (!orders.has(e.correlationId) || !e.causationId) continue;
    const cause = recorder.byId.get(e.causationId);
    if (!cause) continue;
    const ms = e.recordedAt - cause.recordedAt;
    all.push(ms);
    const hop = `${cause.eventType}->${e.eventType}`;
    if (!perHop.has(hop)) perHop.set(hop, []);
    perHop.get(hop)!.push(ms);
    if (!perHopSplit.has(hop)) perHopSplit.set(hop, { relay: [], consume: [] });
    relay.push(cause.publishedAt - cause.recordedAt);
    consume.push(e.recordedAt - cause.publishedAt);
    perHopSplit.get(hop)!.relay.push(cause.publishedAt - cause.recordedAt);
    perHopSplit.get(hop)!.consume.push(e.recordedAt - cause.publishedAt);
    const second = Math.floor(e.recordedAt / 1000);
    if (!perSecond.has(second)) perSecond.set(second, []);
    perSecond.get(second)!.push(ms);
  }
  const hops = Object.fromEntries(
    [...perHop.entries()]
      .sort((a, b) => b[1].length - a[1].length)
      .map(([k, v]) => [k, summary(v)]),
  );
  const timeline = [...perSecond.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([s, v]) => ({ t: s * 1000, p99: summary(v).p99 ?? 0, p50: summary(v).p50 ?? 0 }));
  const split = {
    relay: summary(relay),
    consume: summary(consume),
    hops: Object.fromEntries(
      [...perHopSplit.entries()].map(([k, v]) => [
        k,
        { relay: summary(v.relay), consume: summary(v.consume) },
      ]),
    ),
  };
  return { overall: summary(all), hops, split, timeline };
}

/**
 * Complete flows of the given orders: the recordedAt of each order's InvoiceIssued (the window's
 * end is the last of them, see method/step-window.ts), its first event (the window's start when
 * the order service's creation time cannot be read) and release-to-invoice latency.
 */
export function flowsOf(recorder: EventLog, orders: ReadonlySet<string>) {
  const firstSeen = new Map<string, number>();
  const invoiced = new Map<string, number>();
  const released = new Map<string, number>();
  for (const e of recorder.events) {
    if (!orders.has(e.correlationId)) continue;
    const prev = firstSeen.get(e.correlationId);
    if (prev === undefined || e.recordedAt < prev) firstSeen.set(e.correlationId, e.recordedAt);
    if (e.eventType === 'InvoiceIssued') invoiced.set(e.correlationId, e.recordedAt);
    if (e.eventType === 'OrderReleased') released.set(e.correlationId, e.recordedAt);
  }
  const releaseToInvoice: number[] = [];
  for (const [order, at] of invoiced) {
    const r = released.get(order);
    if (r !== undefined) releaseToInvoice.push(at - r);
  }
  return {
    flows: invoiced.size,
    invoicedAt: [...invoiced.values()],
    firstEventAt: firstSeen.size ? Math.min(...firstSeen.values()) : undefined,
    releaseToInvoiceMs: summary(releaseToInvoice),
  };
}
