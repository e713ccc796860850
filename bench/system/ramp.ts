/**
 * The steps of a run: rising rates, each run `repeat` times, until a rate can no longer keep up
 * in consecutive runs; the maximum is the highest rate that did (method/keeps-up.ts). Then the
 * latency steps at 25, 50 and 75 % of it.
 */
import { canStillQualify, keptUpConsecutively, maximumRate } from './method/keeps-up';
import { spreadOf } from './method/spread';
import { runStep, type BenchContext, type StepRun } from './step-runner';

export async function runRamp(ctx: BenchContext) {
  const { repeat, consecutiveNeeded, rates } = ctx.settings;
  const runs: StepRun[] = [];
  const keptUp = new Map<number, boolean[]>();
  for (const rate of rates) {
    keptUp.set(rate, []);
    for (let run = 1; run <= repeat; run++) {
      const step = await runStep(ctx, rate, 'ramp', run);
      runs.push(step);
      keptUp.get(rate)!.push(step.keptUp);
      if (!canStillQualify(keptUp.get(rate)!, consecutiveNeeded, repeat)) break;
    }
    if (!keptUpConsecutively(keptUp.get(rate)!, consecutiveNeeded)) break;
  }
  const rate = maximumRate(keptUp, consecutiveNeeded);
  const atMax = runs.filter((r) => r.rate === rate);
  // The median of an even count is a mean: rounded so that 10.995000000000001 prints as 10.995.
  const median = (pick: (r: StepRun) => number | undefined) => {
    const value = spreadOf(atMax.map(pick))?.median;
    return value === undefined ? undefined : Math.round(value * 1000) / 1000;
  };
  const maximum =
    rate === undefined
      ? undefined
      : {
          rate,
          runs: atMax.length,
          consecutiveNeeded,
          flowsPerSecond: median((r) => r.flowsPerSecond),
          eventsAppliedPerSecond: median((r) => r.eventsAppliedPerSecond),
          cpuSecondsPerFlow: median((r) => r.cpu?.cpuSecondsPerFlow),
          systemCpuSecondsPerFlow: median((r) => r.cpu?.systemCpuSecondsPerFlow),
          statementsPerFlow: Object.fromEntries(
            Object.keys(atMax[0]?.statements?.perFlow ?? {}).map((k) => [
              k,
              median((r) => r.statements?.perFlow[k]),
            ]),
          ),
          appliedPerSecondByService: Object.fromEntries(
            Object.keys(atMax[0]?.perService ?? {}).map((k) => [
              k,
              median((r) => r.perService?.[k]?.appliedPerSecond),
            ]),
          ),
        };
  if (maximum)
    console.log(
      `  maximum: ${maximum.rate}/s kept up in ${consecutiveNeeded} consecutive runs: ` +
        `${maximum.flowsPerSecond} flows/s, ${maximum.eventsAppliedPerSecond} events applied/s, ` +
        `${maximum.cpuSecondsPerFlow} CPU-s per flow; statements per flow ${JSON.stringify(maximum.statementsPerFlow)}`,
    );
  else console.log('  maximum: no rate kept up in consecutive runs');
  return { runs, maximum };
}

/** Latency (and the rest) at 25, 50 and 75 % of the maximum rate, each run `repeat` times. */
export async function runFractions(ctx: BenchContext, maximumRate: number) {
  const runs: (StepRun & { fraction: number })[] = [];
  for (const fraction of [0.25, 0.5, 0.75]) {
    const rate = Math.max(0.5, Math.round(maximumRate * fraction * 10) / 10);
    for (let run = 1; run <= ctx.settings.repeat; run++)
      runs.push({ fraction, ...(await runStep(ctx, rate, `${fraction * 100}%`, run)) });
  }
  return runs;
}
