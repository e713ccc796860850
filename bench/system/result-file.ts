/** The result file of a run (JSON) and its chart (SVG), under bench/results. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { REPO_ROOT } from '../../tools/system/services';
import type { BenchSettings } from './bench-options';
import { lineChartSvg } from './chart';
import type { Sampler } from './sampler';
import type { StepRun } from './step-runner';

/** A step as the result file keeps it: the per-second latency timeline is for the chart only. */
export function withoutTimeline<T extends { latencyTimeline?: unknown }>({
  latencyTimeline,
  ...s
}: T) {
  void latencyTimeline;
  return s;
}

export function writeResult(
  settings: BenchSettings,
  startedAt: Date,
  result: object,
  sampler: Sampler,
  steps: StepRun[],
) {
  const date = startedAt.toISOString().slice(0, 10);
  const outDir = join(REPO_ROOT, 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  const base = settings.out ?? `system-${date}${settings.quick ? '-quick' : ''}`;
  writeFileSync(join(outDir, `${base}.json`), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(outDir, `${base}.svg`), chart(sampler, steps));
  console.log(`wrote bench/results/${base}.json and .svg`);
}

export function chart(sampler: Sampler, steps: StepRun[]) {
  const withApplied = sampler.samples.filter((s) => s.applied);
  const total = (s: (typeof withApplied)[number]) =>
    Object.values(s.applied ?? {}).reduce((a, b) => a + b, 0);
  const points = withApplied.slice(1).map((s, i) => ({
    t: s.t,
    v: Math.max(0, (total(s) - total(withApplied[i])) / ((s.t - withApplied[i].t) / 1000)),
  }));
  const timeline = steps.flatMap((s) => s.latencyTimeline);
  return lineChartSvg(
    'logisync system benchmark: throughput and per-hop latency over time',
    [
      {
        title: 'events applied per second (all services)',
        unit: 'events/s',
        series: [{ name: 'applied/s', color: '#1f77b4', points }],
      },
      {
        title: 'per-hop latency, per second of recordedAt',
        unit: 'ms',
        series: [
          { name: 'p50', color: '#2ca02c', points: timeline.map((p) => ({ t: p.t, v: p.p50 })) },
          { name: 'p99', color: '#d62728', points: timeline.map((p) => ({ t: p.t, v: p.p99 })) },
        ],
      },
    ],
    steps
      .filter((s) => s.window.start)
      .map((s) => ({ t: Date.parse(s.window.start!), label: `${s.tag} ${s.rate}/s` })),
  );
}
