/**
 * npm run bench [-- --quick] [--rates 2,4,6] [--step-seconds 20] [--repeat 2] [--lag-limit 10]
 *                [--seed 1] [--cpu-prof <service>] [--replay-service billing-service]
 *                [--no-baselines] [--no-replay] [--no-rebuild] [--out <name>]
 *
 * The whole system on this machine (five processes through the supervisor, each on a fresh
 * database of a PostgreSQL cluster of the benchmark's own with pg_stat_statements, free ports,
 * the shared Kafka and registry) driven by the simulator (people and carriers answer at once, no
 * trouble, the same --seed for every step) at rising rates, each step run --repeat times
 * (default 2; --quick: rates 2..64/s, 10 s steps; otherwise up to 384/s, 20 s steps).
 *
 * Each run of a step is measured over one window, from its first order's creation to its last
 * InvoiceIssued: complete flows/s, events applied/s (the services' consumed counters), CPU per
 * complete flow (the machine's busy CPU, and the system's own: services, the benchmark's
 * PostgreSQL cluster, Kafka, registry) less an idle step of the same length measured in the same run, statements per flow
 * per service (pg_stat_statements), per-hop latency. The topics are read after each step, so the
 * benchmark's recorder is no consumer inside the window; the simulator's seeding and invariant
 * checks fall outside it. A step keeps up when its flows/s is within 10 % of the asked rate, the
 * lag of every group is 0 within --lag-limit seconds of its end, every order was invoiced and
 * the invariants held; the maximum is the highest rate that kept up in two consecutive runs (one
 * with --repeat 1). The ramp stops at the first rate that cannot. Then steps at 25/50/75 % of
 * the maximum, a catch-up (the --replay-service down while a step of orders runs, then started
 * on that backlog: applied and skipped apart, applied/s against its live applied/s), a rebuild
 * of the same service from this run's first events (`logisync rebuild --no-compare --since`),
 * the baselines (pg loop on the same cluster, Kafka's perf tools, raw kafkajs). Prints each figure's spread over the runs (min/median/max and
 * (max - min) / median) and the goals; writes bench/results/<out>.json and .svg (default
 * system-<date>[-quick]) with the git commit, the machine's cores and load, and every setting.
 */
import type { ServiceName } from '@logisync/canonical-events';
import { stackEndpoints } from '@logisync/test-kit';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { viaLocalSocket } from '../../tools/system/database-socket';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { REPO_ROOT, type ServiceProcessName } from '../../tools/system/services';
import { benchEnv, encodedEvents, type BenchEnv } from '../runtime/bench-setup';
import { runBaselines } from './baselines';
import { parseBenchOptions, type BenchSettings } from './bench-options';
import { BENCH_POSTGRES_SETTINGS } from './bench-postgres';
import { gitState, machineState, printGoals, printSpreads, spreadsOf } from './bench-report';
import { BenchSystem, SERVICE_NAMES } from './bench-system';
import { summarizeCpuProfile } from './cpu-profile';
import { measureCatchUp } from './measure-catch-up';
import { measureRebuild } from './measure-rebuild';
import { loadAverage } from './probes';
import { runFractions, runRamp } from './ramp';
import { Sampler } from './sampler';
import { simulatorArgsNote } from './simulator-run';
import { goalsOf } from './bench-goals';
import { writeResult, withoutTimeline } from './result-file';
import { measureIdle, runStep, type BenchContext } from './step-runner';
import { TopicRecorder } from './topic-recorder';

async function main() {
  const settings = parseBenchOptions();
  if (settings.help) {
    console.log(readFileSync(__filename, 'utf8').split('*/')[0]);
    return;
  }
  const startedAt = new Date();
  const git = gitState(REPO_ROOT);
  const load: Record<string, number[]> = { atStart: loadAverage() };
  const logDir = mkdtempSync(join(tmpdir(), 'bench-system-'));
  const profDir = join(logDir, 'cpu-prof');
  console.log(
    `system bench${settings.quick ? ' (quick)' : ''} at ${git.commit?.slice(0, 12)}: rates ` +
      `${settings.rates.join(', ')}/s, ${settings.stepSeconds} s steps x ${settings.repeat}, ` +
      `${machineState().cores} cores, load ${load.atStart.join(' ')}; logs in ${logDir}`,
  );
  const env = await benchEnv();
  const admin = env.kafka.admin();
  await admin.connect();
  const recorder = new TopicRecorder(env.kafka, admin, `bench-recorder-${env.suffix}`, env.codec);
  let system: BenchSystem | undefined;
  let sampler: Sampler | undefined;
  try {
    system = await BenchSystem.start(
      logDir,
      admin,
      settings.cpuProf ? { service: settings.cpuProf, dir: profDir } : undefined,
    );
    sampler = samplerOf(system, settings, () => ctx.simulatorPid);
    const ctx: BenchContext = { settings, system, admin, recorder, logDir, sampler };
    await sampler.start();
    await recorder.start();
    const online = await measureOnline(ctx);
    sampler.stop();
    load.afterSystem = loadAverage();
    const evictions = await system.postgres.evictions().catch(() => undefined);
    // The services stop (a profiled one writes its .cpuprofile on exit).
    await system.stop();
    await recorder.stop();
    const profile = settings.cpuProf ? cpuProfileOf(settings.cpuProf, profDir) : undefined;
    const offline = await measureOffline(ctx, env, startedAt, online.maximum, load);
    load.atEnd = loadAverage();

    const spreads = spreadsOf([...online.ramp, ...online.fractions]);
    const goals = goalsOf(
      online.fractions,
      online.maximum,
      online.catchUp,
      offline.rebuild,
      offline.baselines,
      sampler,
    );
    const result = {
      kind: 'system',
      method:
        'window from the first order to the last invoice, keep-up rule, idle subtracted (2026-12-07)',
      quick: settings.quick,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      git,
      machine: { ...machineState(), kafkaBrokers: stackEndpoints.kafkaBrokers },
      noise:
        'The machine is shared; the load averages below were recorded during the run. Other ' +
        "engineers' tests use the same broker and the same cores at the same time.",
      loadAverage: load,
      settings: {
        ...settings,
        simulator: simulatorArgsNote(settings.seed),
        postgres: {
          cluster: "the benchmark's own (test-kit privatePostgres)",
          ...BENCH_POSTGRES_SETTINGS,
        },
        pgStatStatementsEvictions: evictions,
        idleStepSeconds: ctx.idle?.seconds,
      },
      idle: ctx.idle,
      maximum: online.maximum,
      spreads,
      steps: online.ramp.map(withoutTimeline),
      atFractionOfMaximum: online.fractions.map(withoutTimeline),
      replay: online.catchUp,
      rebuild: offline.rebuild,
      baselines: offline.baselines,
      medianEventBytes: offline.medianEventBytes,
      cpuProfile: profile,
      goals,
    };
    printSpreads(spreads);
    printGoals(goals);
    console.log(`load average: ${JSON.stringify(load)}\n`);
    writeResult(settings, startedAt, result, sampler, [...online.ramp, ...online.fractions]);
  } finally {
    sampler?.stop();
    await system?.stop();
    await recorder.stop();
    await admin.disconnect().catch(() => undefined);
    await env.close().catch(() => undefined);
    await system?.dropDatabases();
  }
}

function samplerOf(
  system: BenchSystem,
  settings: BenchSettings,
  simulatorPid: () => number | undefined,
) {
  return new Sampler(
    {
      pids: () => {
        const pid = simulatorPid();
        return {
          ...Object.fromEntries(SERVICE_NAMES.map((n) => [n, pidOf(system, n)])),
          simulator: pid ? { pid, tree: true } : undefined,
        };
      },
      statements: () => system.statementsByService(),
      serviceUrls: () => system.urls(),
      postmasterPid: system.postgres.postmasterPid,
    },
    settings.samplerIntervalMs,
  );
}

/** Everything measured while the system runs: warm-up, idle, ramp, fractions, catch-up. */
async function measureOnline(ctx: BenchContext) {
  const { settings } = ctx;
  // A warm-up (JIT, group joins, pools), not counted; then the system at rest.
  await runStep(ctx, Math.min(4, settings.rates[0]), 'warm-up', 1, settings.stepSeconds / 2);
  ctx.idle = await measureIdle(ctx);
  const { runs: ramp, maximum } = await runRamp(ctx);
  const fractions = maximum ? await runFractions(ctx, maximum.rate) : [];
  const service = settings.replayService as ServiceName & ServiceProcessName;
  const catchUp = settings.replay
    ? await measureCatchUp(
        ctx,
        service,
        maximum?.rate ?? settings.rates[0],
        maximum?.appliedPerSecondByService[service],
      )
    : { skipped: true };
  return { ramp, maximum, fractions, catchUp };
}

/** After the system is stopped: the rebuild and the baselines. */
async function measureOffline(
  ctx: BenchContext,
  env: BenchEnv,
  startedAt: Date,
  maximum: Awaited<ReturnType<typeof runRamp>>['maximum'],
  load: Record<string, number[]>,
) {
  const { settings, system, recorder } = ctx;
  const service = settings.replayService as ServiceName & ServiceProcessName;
  const rebuild = settings.rebuild
    ? await measureRebuild(
        service,
        system.databaseUrl(service),
        startedAt,
        maximum?.appliedPerSecondByService[service],
        settings.quick ? 180 : 300,
      )
    : { skipped: true };
  const eventSizes = recorder.events.map((e) => e.bytes).sort((a, b) => a - b);
  const medianEventBytes = eventSizes[Math.floor(eventSizes.length / 2)] ?? 300;
  if (!settings.baselines) return { rebuild, baselines: { skipped: true }, medianEventBytes };
  console.log(`  baselines (median event ${medianEventBytes} bytes) ...`);
  load.beforeBaselines = loadAverage();
  const baselines = await runBaselines(
    env,
    settings.quick,
    medianEventBytes,
    system.postgres.url,
    (url) => viaLocalSocket(url),
    async (count) =>
      (await encodedEvents(env.codec, count, 500)).map(({ key, value, headers }) => ({
        key,
        value,
        headers,
      })),
  );
  return { rebuild, baselines, medianEventBytes };
}

function pidOf(system: BenchSystem, name: string) {
  const pid = system.pid(name);
  return pid ? { pid } : undefined;
}

function cpuProfileOf(service: string, profDir: string) {
  try {
    const files = readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile'));
    if (!files.length) return { service, error: 'no .cpuprofile written' };
    return {
      service,
      file: join(profDir, files[0]),
      top: summarizeCpuProfile(join(profDir, files[0])),
    };
  } catch (error) {
    return { service, error: (error as Error).message };
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
