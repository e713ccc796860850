/** What a run prints and writes: the spread of each step's figures, the goals, the result file. */
import { execFileSync } from 'node:child_process';
import { cpus, hostname, loadavg, totalmem } from 'node:os';
import { spreadOf, type Spread } from './method/spread';
import type { StepRun } from './step-runner';

const round = (v: number | undefined, d = 1) =>
  v === undefined || !Number.isFinite(v) ? undefined : Math.round(v * 10 ** d) / 10 ** d;

/** The figures whose spread over a step's runs is printed and kept. */
export const SPREAD_FIGURES: Record<string, (s: StepRun) => number | undefined> = {
  'flows/s': (s) => s.flowsPerSecond,
  'events applied/s': (s) => s.eventsAppliedPerSecond,
  'CPU-s per flow (machine)': (s) => s.cpu?.cpuSecondsPerFlow,
  'CPU-s per flow (system)': (s) => s.cpu?.systemCpuSecondsPerFlow,
  'statements per flow': (s) => s.statements?.perFlow.total,
  'hop p99 ms': (s) => s.hopLatencyMs.p99,
  'release-to-invoice p50 ms': (s) => s.releaseToInvoiceMs.p50,
};

export interface StepSpread {
  tag: string;
  rate: number;
  runs: number;
  keptUp: boolean[];
  spread: Record<string, Spread | undefined>;
}

export function spreadsOf(runs: StepRun[]): StepSpread[] {
  const groups = new Map<string, StepRun[]>();
  for (const r of runs) {
    const key = `${r.tag} ${r.rate}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((g) => ({
    tag: g[0].tag,
    rate: g[0].rate,
    runs: g.length,
    keptUp: g.map((r) => r.keptUp),
    spread: Object.fromEntries(
      Object.entries(SPREAD_FIGURES).map(([name, pick]) => [name, spreadOf(g.map(pick))]),
    ),
  }));
}

export function printSpreads(spreads: StepSpread[]) {
  const header = ['step', 'runs', 'kept up', ...Object.keys(SPREAD_FIGURES)];
  const cell = (s: Spread | undefined) =>
    s === undefined
      ? '-'
      : s.n === 1
        ? `${round(s.median, 3)}`
        : `${round(s.min, 3)}/${round(s.median, 3)}/${round(s.max, 3)} (${round((s.relativeSpread ?? NaN) * 100, 0)} %)`;
  const rows = spreads.map((s) => [
    `${s.tag} ${s.rate}/s`,
    String(s.runs),
    s.keptUp.map((k) => (k ? 'y' : 'n')).join(''),
    ...Object.keys(SPREAD_FIGURES).map((k) => cell(s.spread[k])),
  ]);
  printTable(header, rows);
  console.log('(min/median/max over the runs, and (max - min) / median)\n');
}

export interface Goal {
  goal: string;
  measured?: number;
  baseline?: number;
  ratio?: number;
  target: number;
  met?: boolean;
}

export function printGoals(goals: Goal[]) {
  printTable(
    ['goal', 'measured', 'baseline', 'ratio', 'target', ''],
    goals.map((g) => [
      g.goal,
      String(g.measured ?? '-'),
      String(g.baseline ?? '-'),
      String(g.ratio ?? '-'),
      `>= ${g.target}`,
      g.ratio === undefined ? 'not measured' : g.met ? 'met' : 'MISSED',
    ]),
  );
}

function printTable(header: string[], rows: string[][]) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(`\n${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}`);
  for (const r of rows) console.log(line(r));
}

/** The commit measured, and whether the working tree differed from it. */
export function gitState(cwd: string) {
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  try {
    return {
      commit: git('rev-parse', 'HEAD'),
      branch: git('rev-parse', '--abbrev-ref', 'HEAD'),
      uncommittedChanges: git('status', '--porcelain', '--untracked-files=no') !== '',
    };
  } catch {
    return { commit: undefined, branch: undefined, uncommittedChanges: undefined };
  }
}

export function machineState() {
  return {
    host: hostname(),
    cores: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGiB: round(totalmem() / 2 ** 30),
    node: process.version,
    loadAverageNow: loadavg().map((l) => round(l, 2)),
  };
}
