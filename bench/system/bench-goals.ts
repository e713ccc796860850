/** The goals a run is held against (issues 14 and 20), each with its ratio or "not measured". */
import type { Goal } from './bench-report';
import { SERVICE_NAMES } from './bench-system';
import type { runRamp } from './ramp';
import type { Sampler } from './sampler';
import type { StepRun } from './step-runner';

/** The memory goal, 150 MB per service, in the MiB that /proc's VmRSS (KiB) gives. */
const RSS_GOAL_MIB = 150e6 / 2 ** 20;
const round = (v: number | undefined, d = 1) =>
  v === undefined || !Number.isFinite(v) ? undefined : Math.round(v * 10 ** d) / 10 ** d;

export function goalsOf(
  fractions: (StepRun & { fraction: number })[],
  maximum: Awaited<ReturnType<typeof runRamp>>['maximum'],
  catchUp: object,
  rebuild: object,
  baselines: object,
  sampler: Sampler,
): Goal[] {
  const maxEvents = maximum?.eventsAppliedPerSecond;
  const maxFlows = maximum?.flowsPerSecond;
  // Each phase may have been skipped or failed: a missing figure is "not measured".
  const field = (o: object, k: string) => (o as Record<string, number | undefined>)[k];
  const single = (baselines as { pgTransactionLoop?: { oneConnection?: { txPerSecond: number } } })
    .pgTransactionLoop?.oneConnection?.txPerSecond;
  const half = fractions.filter((f) => f.fraction === 0.5).map((f) => f.hopLatencyMs.p99);
  const halfP99 = half.length ? Math.max(...half.map((v) => v ?? Infinity)) : undefined;
  const maxRss = Math.max(
    ...sampler.samples.flatMap((s) => SERVICE_NAMES.map((n) => s.rssMiB[n] ?? 0)),
  );
  const cpu = maximum?.cpuSecondsPerFlow;
  const goals: Goal[] = [
    {
      goal: 'events applied/s at the maximum >= 2x single-transaction rate',
      measured: maxEvents,
      baseline: round(single),
      ratio: round(single && maxEvents !== undefined ? maxEvents / single : undefined, 2),
      target: 2,
    },
    {
      goal: 'complete flows/s at the maximum >= 300',
      measured: maxFlows,
      ratio: round(maxFlows !== undefined ? maxFlows / 300 : undefined, 3),
      target: 1,
    },
    {
      goal: 'machine CPU per flow at the maximum <= 20 ms (issue 20)',
      measured: cpu,
      ratio: round(cpu ? 0.02 / cpu : undefined, 3),
      target: 1,
    },
    {
      goal: 'p99 per hop <= 20 ms at 50% of max (worst run)',
      measured: halfP99,
      ratio: round(halfP99 !== undefined && Number.isFinite(halfP99) ? 20 / halfP99 : undefined, 2),
      target: 1,
    },
    {
      goal: 'catch-up applied/s >= 3x live applied/s',
      measured: field(catchUp, 'appliedPerSecond'),
      baseline: field(catchUp, 'liveAppliedPerSecond'),
      ratio: field(catchUp, 'ratio'),
      target: 3,
    },
    {
      goal: "rebuild of this run's events >= 3x live applied/s",
      measured: field(rebuild, 'appliedPerSecond'),
      baseline: field(rebuild, 'liveAppliedPerSecond'),
      ratio: field(rebuild, 'ratio'),
      target: 3,
    },
    {
      goal: 'RSS <= 150 MB (143.05 MiB) per service',
      measured: round(maxRss),
      ratio: round(RSS_GOAL_MIB / maxRss, 2),
      target: 1,
    },
  ];
  return goals.map((g) => ({ ...g, met: g.ratio !== undefined && g.ratio >= g.target }));
}
