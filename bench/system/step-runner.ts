/**
 * One run of a step: the simulator places `rate x stepSeconds` orders, the benchmark waits for
 * every consumer group's lag to be 0, reads the topics, and measures the step over its window
 * (method/step-window.ts) with the keep-up rule (method/keeps-up.ts).
 */
import type { Admin } from 'kafkajs';
import { join } from 'node:path';
import type { BenchSettings } from './bench-options';
import type { BenchSystem } from './bench-system';
import { keepsUp } from './method/keeps-up';
import { stepWindow, type StepWindow } from './method/step-window';
import { flowsOf, hopLatencies, loadAverage } from './probes';
import type { Sampler } from './sampler';
import { simulatorArgs, startSimulator } from './simulator-run';
import { idleRates, windowFigures, type IdleRates } from './step-figures';
import { highWatermarks, type TopicRecorder } from './topic-recorder';

export interface BenchContext {
  settings: BenchSettings;
  system: BenchSystem;
  sampler: Sampler;
  recorder: TopicRecorder;
  admin: Admin;
  logDir: string;
  /** The simulator's pid while a step runs, for the sampler. */
  simulatorPid?: number;
  idle?: IdleRates;
}

export type StepRun = Awaited<ReturnType<typeof runStep>>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (v: number | undefined, d = 1) =>
  v === undefined || !Number.isFinite(v) ? undefined : Math.round(v * 10 ** d) / 10 ** d;
/** How long a step may take to drain before the next one starts regardless. */
const DRAIN_LIMIT_MS = 120_000;

export async function runStep(
  ctx: BenchContext,
  rate: number,
  tag: string,
  run: number,
  seconds = ctx.settings.stepSeconds,
) {
  const { settings, system, sampler, recorder } = ctx;
  const orders = Math.max(10, Math.round(rate * seconds));
  const reportFile = join(ctx.logDir, `sim-${tag.replace(/\W+/g, '')}-${rate}-${run}.json`);
  const startedAt = Date.now();
  const sim = startSimulator(
    system.services(),
    simulatorArgs(rate, orders, settings.seed),
    reportFile,
  );
  ctx.simulatorPid = sim.pid;
  const outcome = await sim.done;
  // Waits past the stated limit so that the next step starts on a drained system; the rule
  // reads how long it took.
  const lagZeroAfterSeconds = await system.waitForLagZero(
    Math.max(settings.lagLimitSeconds * 1000, DRAIN_LIMIT_MS),
  );
  await sampler.next();
  ctx.simulatorPid = undefined;
  const topicsRead = await recorder.readUpTo(await highWatermarks(ctx.admin));
  const orderIds = (outcome.report.orders ?? []).map((o) => o.orderId);
  const flows = flowsOf(recorder, new Set(orderIds));
  const createdAt = await system.firstOrderCreatedAt(orderIds);
  const window = stepWindow(createdAt ?? flows.firstEventAt ?? NaN, flows.invoicedAt);
  const figures =
    window.seconds > 0 ? windowFigures(sampler, window, flows.flows, ctx.idle) : undefined;
  const flowsPerSecond = window.seconds > 0 ? flows.flows / window.seconds : 0;
  const invariantsOk = outcome.report.ok === true && outcome.exitCode === 0;
  const verdict = keepsUp(
    { rate, orders, flows: flows.flows, flowsPerSecond, lagZeroAfterSeconds, invariantsOk },
    settings.lagLimitSeconds,
  );
  const hops = hopLatencies(recorder, new Set(orderIds));
  const step = {
    tag,
    rate,
    run,
    orders,
    keptUp: verdict.keptUp,
    notKeptUpBecause: verdict.reasons,
    flows: flows.flows,
    flowsPerSecond: round(flowsPerSecond, 2),
    window: {
      start: Number.isFinite(window.start) ? new Date(window.start).toISOString() : undefined,
      seconds: round(window.seconds, 2),
      startsAt: createdAt !== undefined ? 'first order created' : 'first event of the step',
    },
    lagZeroAfterSeconds: round(lagZeroAfterSeconds, 2),
    simulatorExitCode: outcome.exitCode,
    invariantsOk,
    failedInvariants: (outcome.report.invariants ?? []).filter((i) => !i.ok).map((i) => i.name),
    wallSeconds: round((Date.now() - startedAt) / 1000),
    topicsReadCompletely: topicsRead,
    ...figures,
    hopLatencyMs: hops.overall,
    hops: hops.hops,
    hopSplitMs: hops.split,
    releaseToInvoiceMs: flows.releaseToInvoiceMs,
    simulatorReleaseToInvoiceMs: outcome.report.releaseToInvoiceMs,
    latencyTimeline: hops.timeline,
    load: loadAverage(),
  };
  printStep(step, outcome.exitCode === 0 ? undefined : outcome.output);
  return step;
}

function printStep(
  s: {
    tag: string;
    rate: number;
    run: number;
    flows: number;
    orders: number;
    flowsPerSecond?: number;
    eventsAppliedPerSecond?: number;
    window: { seconds?: number };
    lagZeroAfterSeconds?: number;
    keptUp: boolean;
    notKeptUpBecause: string[];
    hopLatencyMs: { p50?: number; p99?: number };
    cpu?: {
      cpuSecondsPerFlow?: number;
      systemCpuSecondsPerFlow?: number;
      simulatorCpuSecondsPerFlow?: number;
      machineBusyPercent?: number;
    };
    statements?: { perFlow: Record<string, number | undefined> };
  },
  failure: string | undefined,
) {
  console.log(
    `  ${s.tag} ${s.rate}/s #${s.run}: ${s.flows}/${s.orders} flows in ${s.window.seconds} s = ` +
      `${s.flowsPerSecond} flows/s, ${s.eventsAppliedPerSecond} events applied/s, lag 0 after ` +
      `${s.lagZeroAfterSeconds ?? 'never'} s: ${s.keptUp ? 'kept up' : `NOT kept up (${s.notKeptUpBecause.join('; ')})`}\n` +
      `    CPU-s per flow ${s.cpu?.cpuSecondsPerFlow} machine, ${s.cpu?.systemCpuSecondsPerFlow} system, ` +
      `${s.cpu?.simulatorCpuSecondsPerFlow} simulator (net of idle; machine busy ${s.cpu?.machineBusyPercent} %); ` +
      `statements per flow ${s.statements?.perFlow.total}; hop p50/p99 ${s.hopLatencyMs.p50}/${s.hopLatencyMs.p99} ms`,
  );
  if (failure) console.log(failure.split('\n').slice(-15).join('\n'));
}

/**
 * The system at rest for as long as a step, with the same sampler running: the per-second cost
 * of everything that runs without orders (relay polls, sweeps, heartbeats, the sampler itself),
 * taken out of every step's CPU and statements.
 */
export async function measureIdle(ctx: BenchContext): Promise<IdleRates> {
  await ctx.system.waitForLagZero(DRAIN_LIMIT_MS);
  await ctx.sampler.next();
  const start = Date.now();
  await sleep(ctx.settings.stepSeconds * 1000);
  const end = Date.now();
  await ctx.sampler.next();
  const window: StepWindow = { start, end, seconds: (end - start) / 1000 };
  const idle = idleRates(ctx.sampler, window);
  const total = Object.values(idle.statements).reduce((a, b) => a + b, 0);
  console.log(
    `  idle ${round(window.seconds)} s: machine ${round(idle.cpu.busy * 100)} % busy, ` +
      `${round(total)} statements/s`,
  );
  return idle;
}
