/**
 * Replay as a service meets it after an outage: the service is stopped while a step of orders
 * runs through the others, then started on the backlog that step left (this run's events only,
 * every one new to its inbox) and timed from ready to lag 0. Its consumed counter says how many
 * were applied and how many skipped (duplicates, events of types it does not handle), so the
 * rate compared with its live rate is applied against applied.
 */
import type { ServiceName } from '@logisync/canonical-events';
import { join } from 'node:path';
import { SERVICE_NAMES } from './bench-system';
import { appliedOf, consumedByOutcome } from './probes';
import { simulatorArgs, startSimulator } from './simulator-run';
import type { BenchContext } from './step-runner';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (v: number | undefined, d = 1) =>
  v === undefined || !Number.isFinite(v) ? undefined : Math.round(v * 10 ** d) / 10 ** d;

async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number, everyMs = 250) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition().catch(() => false)) return true;
    await sleep(everyMs);
  }
  return false;
}

export async function measureCatchUp(
  ctx: BenchContext,
  service: ServiceName,
  rate: number,
  liveAppliedPerSecond: number | undefined,
) {
  const { system, settings } = ctx;
  const orders = Math.max(20, Math.round(rate * settings.stepSeconds * 2));
  const others = SERVICE_NAMES.filter((s) => s !== service);
  console.log(`  catch-up: ${service} down while ${orders} orders at ${rate}/s run ...`);
  try {
    const ordersBefore = await system.orderCount();
    const sim = startSimulator(
      system.services(),
      simulatorArgs(rate, orders, settings.seed),
      join(ctx.logDir, 'sim-catch-up.json'),
    );
    let simulatorExited = false;
    void sim.done.then(() => (simulatorExited = true));
    // The simulator reads every service's /metrics before its first order: stop after it.
    await waitUntil(
      async () => simulatorExited || (await system.orderCount()) > ordersBefore,
      120_000,
    );
    await system.supervisor.stop(service);
    await waitUntil(
      async () => simulatorExited || (await system.orderCount()) >= ordersBefore + orders,
      600_000,
    );
    await waitUntil(async () => (await system.lag(others)) === 0, 300_000);
    const backlog = await system.lag([service]);
    const restartAt = Date.now();
    await system.supervisor.restart(service);
    const before = await consumedByOutcome(system.url(service));
    const readyAt = Date.now();
    const caughtUp = await waitUntil(async () => (await system.lag([service])) === 0, 300_000, 100);
    const doneAt = Date.now();
    const after = await consumedByOutcome(system.url(service));
    const outcome = await sim.done;
    const seconds = (doneAt - readyAt) / 1000;
    const applied = appliedOf(after) - appliedOf(before);
    // Skipped: duplicates and event types it does not handle; parked events are neither (they
    // are applied, as unparked, when their prerequisite arrives) and stay in byOutcome.
    const delta = (k: string) => (after[k] ?? 0) - (before[k] ?? 0);
    const skipped = delta('duplicate') + delta('ignored');
    const byOutcome = Object.fromEntries(Object.keys(after).map((k) => [k, delta(k)]));
    const appliedPerSecond = applied / seconds;
    const result = {
      service,
      orders,
      rate,
      backlogEvents: backlog,
      restartSeconds: round((readyAt - restartAt) / 1000),
      measuredSeconds: round(seconds, 2),
      caughtUp,
      eventsApplied: applied,
      eventsSkipped: skipped,
      byOutcome,
      appliedPerSecond: round(appliedPerSecond),
      skippedPerSecond: round(skipped / seconds),
      liveAppliedPerSecond,
      ratio: round(liveAppliedPerSecond ? appliedPerSecond / liveAppliedPerSecond : undefined, 2),
      simulatorExitCode: outcome.exitCode,
      invariantsOk: outcome.report.ok === true,
    };
    console.log(
      `    backlog ${backlog} events: ${applied} applied and ${skipped} skipped in ${result.measuredSeconds} s, ` +
        `${result.appliedPerSecond} applied/s against ${liveAppliedPerSecond} live (${result.ratio}x); ` +
        `simulator exit ${outcome.exitCode}`,
    );
    return result;
  } catch (error) {
    return { service, error: (error as Error).message };
  }
}
