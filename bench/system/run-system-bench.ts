/**
 * npm run bench [-- --quick] [--rates 25,50,100] [--step-seconds 20] [--cpu-prof <service>]
 *                [--replay-service billing-service] [--no-baselines] [--no-replay] [--no-rebuild]
 *
 * The whole system on this machine (five processes through the supervisor, fresh databases,
 * free ports, the shared Kafka and registry) driven by the simulator at rising rates with
 * human and carrier delays 0. Measures complete order-to-cash flows per second, events applied
 * per second (/metrics deltas), per-hop latency from event metadata, release-to-invoice latency
 * at 25/50/75 % of the maximum, CPU and RSS per process (/proc), the replay rate of one service
 * from the low watermarks, its rebuild rate from offset 0 into an empty database (`logisync
 * rebuild`), and in the same run the baselines: the handler transaction as a pg
 * loop on 1 and 4 connections, Kafka's ProducerPerformance/ConsumerPerformance, raw kafkajs.
 * Writes bench/results/system-<date>.json and .svg and prints the ratios against issue 14.
 */
import { topicsConsumedBy, type ServiceName } from '@logisync/canonical-events';
import { freePort, freshDatabase, stackEndpoints, type FreshDatabase } from '@logisync/test-kit';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, hostname, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
// The system's supervisor and service definitions live in the tools project (no npm scope).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { ProcessSupervisor } from '../../tools/supervisor/process-supervisor';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { apiKeysEnv, devApiKeys } from '../../tools/system/dev-api-keys';
// eslint-disable-next-line @nx/enforce-module-boundaries
import {
  REPO_ROOT,
  SERVICES,
  serviceProcessSpec,
  serviceUrlEnv,
  startSystem,
  type RunningService,
  type ServiceProcessName,
} from '../../tools/system/services';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { viaLocalSocket } from '../../tools/system/database-socket';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { launchSimulator } from '../../tools/system/simulator-process';
import { benchEnv, encodedEvents } from '../runtime/bench-setup';
import { kafkaConsumerPerf, kafkaProducerPerf, pgTransactionLoop, rawKafkajs } from './baselines';
import { lineChartSvg } from './chart';
import {
  appliedOf,
  consumedByOutcome,
  exitedChildrenCpuSeconds,
  flowsOf,
  hopLatencies,
  loadAverage,
  machineCpuSeconds,
  processedOf,
  procSample,
  infrastructureCpuSeconds,
  TopicRecorder,
} from './probes';
import { summarizeCpuProfile } from './cpu-profile';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    rates: { type: 'string' },
    'step-seconds': { type: 'string' },
    'cpu-prof': { type: 'string' },
    'replay-service': { type: 'string', default: 'billing-service' },
    'no-baselines': { type: 'boolean', default: false },
    'no-replay': { type: 'boolean', default: false },
    'no-rebuild': { type: 'boolean', default: false },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

const quick = values.quick;
const rates = (values.rates ?? (quick ? '20,50,100' : '25,50,100,150,200,300,400'))
  .split(',')
  .map(Number);
const stepSeconds = Number(values['step-seconds'] ?? (quick ? 10 : 20));
const names = SERVICES.map((s) => s.name);
/** The memory goal, 150 MB per service, in the MiB that /proc's VmRSS (KiB) gives. */
const RSS_GOAL_MIB = 150e6 / 2 ** 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (v: number | undefined, d = 1) =>
  v === undefined || !Number.isFinite(v) ? undefined : Math.round(v * 10 ** d) / 10 ** d;

interface Sample {
  t: number;
  applied: Record<string, number>;
  processed: Record<string, number>;
  cpu: Record<string, number>;
  rss: Record<string, number>;
  /** CPU seconds of PostgreSQL (server and backends), Kafka, the registry, the whole machine. */
  infra: { postgres: number; kafka: number; registry: number; busy: number; iowait: number };
}

async function main() {
  if (values.help) {
    console.log(readFileSync(__filename, 'utf8').split('*/')[0]);
    return;
  }
  const startedAt = new Date();
  const load = { atStart: loadAverage() } as Record<string, number[]>;
  const logDir = mkdtempSync(join(tmpdir(), 'bench-system-'));
  const profDir = join(logDir, 'cpu-prof');
  const supervisor = new ProcessSupervisor(logDir);
  const env = await benchEnv();
  const databases = new Map<string, FreshDatabase>();
  const ports = new Map<string, number>();
  for (const s of SERVICES) {
    databases.set(s.name, await freshDatabase(`bench_sys_${s.database}`));
    ports.set(s.name, await freePort());
  }
  const profiled = values['cpu-prof'] as ServiceProcessName | undefined;
  console.log(
    `system bench${quick ? ' (quick)' : ''}: rates ${rates.join(', ')}/s, ${stepSeconds} s steps, ` +
      `${cpus().length} cores, load ${load.atStart.join(' ')}; logs in ${logDir}`,
  );
  let running: RunningService[] = [];
  const samples: Sample[] = [];
  const marks: { t: number; label: string }[] = [];
  let sampler: NodeJS.Timeout | undefined;
  const recorder = new TopicRecorder(env.kafka, `bench-recorder-${env.suffix}`, env.codec);
  try {
    running = await startSystem(supervisor, {
      logDir,
      databaseUrl: (s) => databases.get(s)!.url,
      port: (s) => ports.get(s)!,
      kafkaBrokers: stackEndpoints.kafkaBrokers.join(','),
      registryUrl: stackEndpoints.registryUrl,
    });
    if (profiled) {
      // Node 20 refuses --cpu-prof in NODE_OPTIONS: the profiled service is started again with
      // the flag as a node argument (same env, port and database).
      await supervisor.stop(profiled);
      const spec = await serviceProcessSpec(
        profiled,
        {
          DATABASE_URL: databases.get(profiled)!.url,
          KAFKA_BROKERS: stackEndpoints.kafkaBrokers.join(','),
          SCHEMA_REGISTRY_URL: stackEndpoints.registryUrl,
          // The key set startSystem gave the others: without it every API call is a 401.
          API_KEYS: apiKeysEnv(devApiKeys().keys),
          ...(profiled === 'control-tower' ? serviceUrlEnv(running) : {}),
        },
        ports.get(profiled)!,
      );
      spec.args = ['--cpu-prof', `--cpu-prof-dir=${profDir}`, ...spec.args];
      await supervisor.start(spec);
    }
    const url = (s: string) => running.find((r) => r.name === s)!.baseUrl;
    await recorder.start();

    const takeSample = async (): Promise<Sample> => {
      const s: Sample = {
        t: Date.now(),
        applied: {},
        processed: {},
        cpu: {},
        rss: {},
        infra: { ...infrastructureCpuSeconds(), ...machineCpuSeconds() },
      };
      await Promise.all(
        names.map(async (n) => {
          const c = await consumedByOutcome(url(n));
          s.applied[n] = appliedOf(c);
          s.processed[n] = processedOf(c);
          const pid = supervisor.status(n).pid;
          const p = pid ? procSample(pid) : undefined;
          if (p) {
            s.cpu[n] = p.cpuSeconds;
            s.rss[n] = p.rssMiB;
          }
        }),
      );
      return s;
    };
    samples.push(await takeSample());
    sampler = setInterval(() => {
      takeSample()
        .then((s) => samples.push(s))
        .catch(() => undefined);
    }, 1000);

    const simulate = async (args: string[], tag: string) => {
      const { exitCode, report, output } = await launchSimulator({
        args,
        reportFile: join(logDir, `sim-${tag}.json`),
        services: running,
        kafkaBrokers: stackEndpoints.kafkaBrokers.join(','),
        registryUrl: stackEndpoints.registryUrl,
        output: 'capture',
        timeoutMs: 900_000,
      }).done;
      // No report: counted as a failed step.
      return { exitCode, report: report ?? {}, output };
    };

    const runStep = async (rate: number, seconds: number, tag: string) => {
      const orders = Math.max(10, Math.round(rate * seconds));
      const before = samples[samples.length - 1];
      const t0 = Date.now();
      marks.push({ t: t0, label: `${tag} ${rate}/s` });
      console.log(`  step ${tag}: ${orders} orders at ${rate}/s ...`);
      const simCpuBefore = exitedChildrenCpuSeconds();
      const sim = await simulate(
        [
          '--rate',
          String(rate),
          '--orders',
          String(orders),
          '--actor-delay',
          '0',
          '--no-trouble',
          '--seed',
          String(samples.length),
          '--stall-timeout',
          '60',
          '--concurrency',
          '64',
        ],
        tag,
      );
      const wall = (Date.now() - t0) / 1000;
      const simulatorCpuPercent = round((100 * (exitedChildrenCpuSeconds() - simCpuBefore)) / wall);
      await sleep(1500);
      const after = samples[samples.length - 1];
      await recorder.drain();
      const orderIds = new Set(
        ((sim.report.orders as { orderId: string }[] | undefined) ?? []).map((o) => o.orderId),
      );
      const flows = flowsOf(recorder, orderIds);
      const hops = hopLatencies(recorder, orderIds);
      const dt = (after.t - before.t) / 1000;
      const appliedDelta = names.map((n) => (after.applied[n] ?? 0) - (before.applied[n] ?? 0));
      const perService = Object.fromEntries(
        names.map((n, i) => [
          n,
          {
            appliedPerSecond: round(appliedDelta[i] / dt),
            cpuPercent: round((((after.cpu[n] ?? 0) - (before.cpu[n] ?? 0)) / dt) * 100),
            rssMiB: round(
              Math.max(...samples.filter((s) => s.t >= before.t).map((s) => s.rss[n] ?? 0)),
            ),
          },
        ]),
      );
      const applied = appliedDelta.reduce((a, b) => a + b, 0);
      // Everything that ran, in % of one core (200 is both cores), and per complete flow.
      const infraPercent = (k: keyof Sample['infra']) =>
        round(((after.infra[k] - before.infra[k]) / dt) * 100);
      const machine = {
        busyPercent: infraPercent('busy'),
        iowaitPercent: infraPercent('iowait'),
        postgresPercent: infraPercent('postgres'),
        kafkaPercent: infraPercent('kafka'),
        registryPercent: infraPercent('registry'),
        cpuSecondsPerFlow: round(
          flows.flows ? (after.infra.busy - before.infra.busy) / flows.flows : undefined,
          3,
        ),
      };
      const step = {
        tag,
        rate,
        orders,
        simulatorExitCode: sim.exitCode,
        invariantsOk: sim.report.ok === true,
        failedInvariants: ((sim.report.invariants as { name: string; ok: boolean }[]) ?? [])
          .filter((i) => !i.ok)
          .map((i) => i.name),
        wallSeconds: round(wall),
        flows: flows.flows,
        flowsPerSecond: round(flows.flowsPerSecond),
        eventsApplied: applied,
        eventsAppliedPerSecond: round(applied / dt),
        hopLatencyMs: hops.overall,
        hops: hops.hops,
        hopSplitMs: hops.split,
        releaseToInvoiceMs: flows.releaseToInvoiceMs,
        simulatorReleaseToInvoiceMs: sim.report.releaseToInvoiceMs,
        perService,
        simulatorCpuPercent,
        machine,
        latencyTimeline: hops.timeline,
        load: loadAverage(),
      };
      console.log(
        `    ${step.flows}/${orders} flows, ${step.flowsPerSecond} flows/s, ` +
          `${step.eventsAppliedPerSecond} events applied/s, hop p50/p99 ${hops.overall.p50}/${hops.overall.p99} ms, ` +
          `release->invoice p50 ${flows.releaseToInvoiceMs.p50} ms, simulator exit ${sim.exitCode}\n` +
          `    hop split p50/p99: relay ${hops.split.relay.p50}/${hops.split.relay.p99} ms, ` +
          `consumer side ${hops.split.consume.p50}/${hops.split.consume.p99} ms; ` +
          `simulator CPU ${simulatorCpuPercent} % of a core\n` +
          `    machine busy ${machine.busyPercent} % of ${cpus().length * 100}, iowait ${machine.iowaitPercent} (PostgreSQL ${machine.postgresPercent}, ` +
          `Kafka ${machine.kafkaPercent}, registry ${machine.registryPercent}); ` +
          `${machine.cpuSecondsPerFlow} CPU-s per flow`,
      );
      if (sim.exitCode !== 0) console.log(sim.output.split('\n').slice(-15).join('\n'));
      return step;
    };

    // 0. A warm-up (JIT, group joins, pools), not counted.
    await runStep(Math.min(10, rates[0]), quick ? 5 : 10, 'warm-up');
    // 1. Rising rates until the system no longer keeps up.
    const steps = [];
    for (const rate of rates) {
      const step = await runStep(rate, stepSeconds, 'ramp');
      steps.push(step);
      // Not keeping up: fewer flows per second than asked for, or orders left unfinished.
      if ((step.flowsPerSecond ?? 0) < rate * 0.8 || step.flows < step.orders * 0.95) break;
    }
    const best = steps.reduce((a, b) =>
      (b.flowsPerSecond ?? 0) > (a.flowsPerSecond ?? 0) ? b : a,
    );
    const maxFlows = best.flowsPerSecond ?? 0;
    const maxEvents = Math.max(...steps.map((s) => s.eventsAppliedPerSecond ?? 0));
    console.log(`  maximum sustained: ${maxFlows} flows/s, ${maxEvents} events applied/s`);

    // 2. Latency at 25, 50 and 75 % of the maximum.
    const fractions = [];
    for (const f of [0.25, 0.5, 0.75]) {
      const rate = Math.max(1, Math.round(maxFlows * f));
      fractions.push({ fraction: f, ...(await runStep(rate, stepSeconds, `${f * 100}%`)) });
    }

    // 3. Replay of one service from the low watermarks.
    let replay: Record<string, unknown> = { skipped: true };
    if (!values['no-replay']) {
      const service = values['replay-service'] as ServiceName & ServiceProcessName;
      replay = await measureReplay(service, best.perService[service]?.appliedPerSecond ?? 0);
    }
    clearInterval(sampler);
    sampler = undefined;
    load.afterSystem = loadAverage();

    /**
     * The services consume with their usual group names on the shared stack: a replay that did
     * not catch up left that group's offsets in the topics' history, and the next system started
     * on this stack (any benchmark, npm start, an end-to-end test) would resume there and apply
     * old orders' events to its fresh database (1,187 parked in billing-service once). Moved to
     * the high watermarks, where a group that kept up would be.
     */
    async function leaveGroupAtTheEnd(service: ServiceName) {
      const admin = env.kafka.admin();
      await admin.connect();
      try {
        for (const topic of topicsConsumedBy(service).map((t) => t.name)) {
          const offsets = await admin.fetchTopicOffsets(topic);
          await admin.setOffsets({
            groupId: service,
            topic,
            partitions: offsets.map((o) => ({ partition: o.partition, offset: o.high })),
          });
        }
      } catch (error) {
        console.log(`  could not move ${service}'s group to the end: ${(error as Error).message}`);
      } finally {
        await admin.disconnect();
      }
    }

    async function measureReplay(service: ServiceName & ServiceProcessName, liveRate: number) {
      console.log(`  replay: ${service} from the low watermarks ...`);
      const admin = env.kafka.admin();
      await admin.connect();
      try {
        await supervisor.stop(service);
        const topics = topicsConsumedBy(service).map((t) => t.name);
        let backlog = 0;
        for (const topic of topics) {
          const offsets = await admin.fetchTopicOffsets(topic);
          backlog += offsets.reduce((a, o) => a + Number(o.high) - Number(o.low), 0);
          // resetOffsets({ earliest: true }) commits -2; explicit low watermarks instead
          await admin.setOffsets({
            groupId: service,
            topic,
            partitions: offsets.map((o) => ({ partition: o.partition, offset: o.low })),
          });
        }
        const t0 = Date.now();
        await supervisor.restart(service);
        const before = await consumedByOutcome(url(service));
        const started = Date.now();
        const window = quick ? 20_000 : 60_000;
        let lagZeroAt: number | undefined;
        let last = before;
        while (Date.now() - started < window) {
          await sleep(2000);
          last = await consumedByOutcome(url(service));
          let lag = 0;
          for (const topic of topics) {
            const high = await admin.fetchTopicOffsets(topic);
            const committed = await admin.fetchOffsets({ groupId: service, topics: [topic] });
            for (const p of committed[0].partitions) {
              const h = Number(high.find((o) => o.partition === p.partition)?.high ?? 0);
              lag += Math.max(0, h - Math.max(0, Number(p.offset)));
            }
          }
          if (lag === 0) {
            lagZeroAt = Date.now();
            break;
          }
        }
        const seconds = ((lagZeroAt ?? Date.now()) - started) / 1000;
        const processed = processedOf(last) - processedOf(before);
        const rate = processed / seconds;
        return {
          service,
          topics,
          backlogEvents: backlog,
          restartSeconds: round((started - t0) / 1000),
          measuredSeconds: round(seconds),
          caughtUp: lagZeroAt !== undefined,
          eventsProcessed: processed,
          eventsApplied: appliedOf(last) - appliedOf(before),
          eventsPerSecond: round(rate),
          liveEventsPerSecond: liveRate,
          ratio: round(liveRate ? rate / liveRate : undefined, 2),
        };
      } catch (error) {
        return { service, error: (error as Error).message };
      } finally {
        await admin.disconnect();
      }
    }

    // 4. Stop the services (a profiled one writes its .cpuprofile on exit).
    await supervisor.stopAll();
    if (replay.caughtUp === false)
      await leaveGroupAtTheEnd(values['replay-service'] as ServiceName);
    await recorder.stop();
    let profile: unknown;
    if (profiled) {
      const files = readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile'));
      profile = files.length
        ? {
            service: profiled,
            file: join(profDir, files[0]),
            top: summarizeCpuProfile(join(profDir, files[0])),
          }
        : { service: profiled, error: 'no .cpuprofile written' };
    }

    // 5. Rebuild of the same service from offset 0 into an empty shadow database, alone.
    let rebuild: Record<string, unknown> = { skipped: true };
    if (!values['no-rebuild']) {
      const service = values['replay-service'] as ServiceName & ServiceProcessName;
      rebuild = await measureRebuild(
        service,
        databases.get(service)!.url,
        best.perService[service]?.appliedPerSecond ?? 0,
      );
    }

    // 6. Baselines, same run, after the system is stopped.
    let baselines: Record<string, unknown> = { skipped: true };
    const eventSizes = recorder.events.map((e) => e.bytes).sort((a, b) => a - b);
    const medianSize = eventSizes[Math.floor(eventSizes.length / 2)] ?? 300;
    if (!values['no-baselines']) {
      console.log(`  baselines (median event ${medianSize} bytes) ...`);
      load.beforeBaselines = loadAverage();
      const { url: pgUrl } = await env.newDatabase('sys_pgloop');
      const payload = Buffer.alloc(medianSize, 7);
      const seconds = quick ? 4 : 10;
      // Connected as the services are (the Unix socket on this machine, unless
      // LOGISYNC_PG_SOCKET=off), and once more over TCP to show what the socket is worth.
      const serviceUrl = await viaLocalSocket(pgUrl);
      const pg1 = await pgTransactionLoop(serviceUrl, 1, seconds, payload);
      const pg4 = await pgTransactionLoop(serviceUrl, 4, seconds, payload);
      const pg1Tcp =
        serviceUrl === pgUrl ? undefined : await pgTransactionLoop(pgUrl, 1, seconds, payload);
      const perfTopic = await env.createTopic('perf', 6);
      const records = quick ? 50_000 : 200_000;
      const producerPerf = kafkaProducerPerf(perfTopic, records, medianSize);
      const consumerPerf = kafkaConsumerPerf(perfTopic, records);
      const messages = (await encodedEvents(env.codec, quick ? 10_000 : 40_000, 500)).map(
        ({ key, value, headers }) => ({ key, value, headers }),
      );
      const kafkajs = await rawKafkajs(env, messages);
      baselines = {
        pgTransactionLoop: {
          connection: serviceUrl === pgUrl ? 'tcp' : 'unix socket',
          oneConnection: pg1,
          fourConnections: pg4,
          ...(pg1Tcp ? { oneConnectionTcp: pg1Tcp } : {}),
        },
        kafkaProducerPerfTest: producerPerf,
        kafkaConsumerPerfTest: consumerPerf,
        rawKafkajs: { ...kafkajs, eventBytes: messages[0]?.value.length },
      };
      console.log(
        `    pg loop ${round(pg1.txPerSecond)} tx/s (1 conn), ${round(pg4.txPerSecond)} tx/s (4)` +
          (pg1Tcp ? `, ${round(pg1Tcp.txPerSecond)} tx/s (1 conn over TCP); ` : '; ') +
          `kafka perf produce ${producerPerf.recordsPerSecond}/s, consume ${consumerPerf.recordsPerSecond}/s; ` +
          `kafkajs produce ${round(kafkajs.produce)}/s, consume ${
            kafkajs.consume === undefined
              ? 'too fast to time from the first batch (all within 50 ms)'
              : `${round(kafkajs.consume)}/s`
          } (${round(kafkajs.consumeWithGroupJoin)}/s with the group join)`,
      );
    }
    load.atEnd = loadAverage();

    // 7. Ratios against the goals of issue 14.
    const half = fractions.find((f) => f.fraction === 0.5)!;
    const single = (baselines.pgTransactionLoop as { oneConnection?: { txPerSecond: number } })
      ?.oneConnection?.txPerSecond;
    const maxRss = Math.max(...samples.flatMap((s) => Object.values(s.rss)));
    const rssByService = Object.fromEntries(
      names.map((n) => [n, round(Math.max(...samples.map((s) => s.rss[n] ?? 0)))]),
    );
    const goals = [
      {
        goal: 'events applied/s >= 2x single-transaction rate',
        measured: maxEvents,
        baseline: round(single),
        ratio: round(single ? maxEvents / single : undefined, 2),
        target: 2,
      },
      {
        goal: 'complete flows/s >= 300',
        measured: maxFlows,
        ratio: round(maxFlows / 300, 2),
        target: 1,
      },
      {
        goal: 'p99 per hop <= 20 ms at 50% of max',
        measured: half.hopLatencyMs.p99,
        ratio: round(
          half.hopLatencyMs.p99 !== undefined ? 20 / half.hopLatencyMs.p99 : undefined,
          2,
        ),
        target: 1,
      },
      {
        goal: 'replay >= 3x live per-service rate',
        measured: replay.eventsPerSecond as number | undefined,
        baseline: replay.liveEventsPerSecond as number | undefined,
        ratio: replay.ratio as number | undefined,
        target: 3,
      },
      {
        goal: 'rebuild from offset 0 >= 3x live per-service rate',
        measured: rebuild.eventsPerSecond as number | undefined,
        baseline: rebuild.liveEventsPerSecond as number | undefined,
        ratio: rebuild.ratio as number | undefined,
        target: 3,
      },
      {
        // RSS is read in MiB; the goal is in MB: 150 MB is 143.05 MiB.
        goal: 'RSS <= 150 MB (143.05 MiB) per service',
        measured: round(maxRss),
        ratio: round(RSS_GOAL_MIB / maxRss, 2),
        target: 1,
      },
    ].map((g) => ({ ...g, met: g.ratio !== undefined && g.ratio >= g.target }));

    const result = {
      kind: 'system',
      quick,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      machine: {
        host: hostname(),
        cores: cpus().length,
        cpu: cpus()[0]?.model,
        memoryGiB: round(totalmem() / 2 ** 30),
        node: process.version,
        kafkaBrokers: stackEndpoints.kafkaBrokers,
      },
      noise:
        'The machine is shared; the load averages below were recorded during the run. Other ' +
        'tests use the same broker and PostgreSQL cluster at the same time.',
      loadAverage: load,
      settings: { rates, stepSeconds, simulator: '--actor-delay 0 --no-trouble --concurrency 64' },
      maximum: { flowsPerSecond: maxFlows, eventsAppliedPerSecond: maxEvents, atRate: best.rate },
      steps: steps.map(({ latencyTimeline, ...s }) => (void latencyTimeline, s)),
      atFractionOfMaximum: fractions.map(({ latencyTimeline, ...s }) => (void latencyTimeline, s)),
      rssMaxMiB: rssByService,
      replay,
      rebuild,
      baselines,
      medianEventBytes: medianSize,
      cpuProfile: profile,
      goals,
    };

    printTable(result);
    const date = startedAt.toISOString().slice(0, 10);
    const outDir = join(REPO_ROOT, 'bench', 'results');
    mkdirSync(outDir, { recursive: true });
    const base = values.out ?? `system-${date}${quick ? '-quick' : ''}`;
    writeFileSync(join(outDir, `${base}.json`), `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(join(outDir, `${base}.svg`), chart(samples, [...steps, ...fractions], marks));
    console.log(`wrote bench/results/${base}.json and .svg`);
  } finally {
    if (sampler) clearInterval(sampler);
    await supervisor.stopAll().catch(() => undefined);
    await recorder.stop();
    await env.close().catch(() => undefined);
    for (const db of databases.values()) await db.drop().catch(() => undefined);
  }
}

/**
 * `logisync rebuild --no-compare`, as an operator runs it: the service's own handlers on an
 * empty shadow database, a group of its own from offset 0, relay off. Timed by the CLI from
 * the shadow's start to its last committed offset; the shadow's start-up is not counted.
 */
async function measureRebuild(service: ServiceName, liveDatabaseUrl: string, liveRate: number) {
  console.log(`  rebuild: ${service} from offset 0 into an empty database ...`);
  const timeoutSeconds = quick ? 180 : 300;
  const args = [
    join(REPO_ROOT, 'tools', 'cli', 'bin', 'logisync.js'),
    '--json',
    'rebuild',
    '--service',
    service,
    '--database-url',
    liveDatabaseUrl,
    '--no-compare',
    '--timeout',
    String(timeoutSeconds),
  ];
  const { code, stdout, stderr } = await new Promise<{
    code: number;
    stdout: string;
    stderr: string;
  }>((resolve) =>
    execFile(
      process.execPath,
      args,
      {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          KAFKA_BROKERS: stackEndpoints.kafkaBrokers.join(','),
          SCHEMA_REGISTRY_URL: stackEndpoints.registryUrl,
        },
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          stdout,
          stderr: stderr.slice(-2_000),
        }),
    ),
  );
  try {
    const out = JSON.parse(stdout) as {
      rebuilt?: { events: number; seconds: number; eventsPerSecond: number };
      error?: string;
    };
    if (!out.rebuilt) return { service, error: out.error ?? `exit ${code}` };
    const { events, seconds, eventsPerSecond } = out.rebuilt;
    console.log(`    ${events} events in ${seconds} s: ${eventsPerSecond} events/s`);
    return {
      service,
      events,
      seconds,
      eventsPerSecond,
      liveEventsPerSecond: liveRate,
      ratio: round(liveRate ? eventsPerSecond / liveRate : undefined, 2),
    };
  } catch {
    return { service, error: `exit ${code}: ${stderr.trim()}` };
  }
}

function chart(
  samples: Sample[],
  steps: { latencyTimeline: { t: number; p50: number; p99: number }[] }[],
  marks: { t: number; label: string }[],
) {
  const rate = (pick: (s: Sample) => number) =>
    samples.slice(1).map((s, i) => ({
      t: s.t,
      v: Math.max(0, (pick(s) - pick(samples[i])) / ((s.t - samples[i].t) / 1000)),
    }));
  const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
  const timeline = steps.flatMap((s) => s.latencyTimeline);
  return lineChartSvg(
    'logisync system benchmark: throughput and per-hop latency over time',
    [
      {
        title: 'events applied per second (all services)',
        unit: 'events/s',
        series: [{ name: 'applied/s', color: '#1f77b4', points: rate((s) => sum(s.applied)) }],
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
    marks,
  );
}

function printTable(result: {
  goals: {
    goal: string;
    measured?: number;
    baseline?: number;
    ratio?: number;
    target: number;
    met: boolean;
  }[];
  loadAverage: Record<string, number[]>;
}) {
  const rows = result.goals.map((g) => [
    g.goal,
    String(g.measured ?? '-'),
    String(g.baseline ?? '-'),
    String(g.ratio ?? '-'),
    `>= ${g.target}`,
    g.ratio === undefined ? 'not measured' : g.met ? 'met' : 'MISSED',
  ]);
  const header = ['goal', 'measured', 'baseline', 'ratio', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(`\n${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}`);
  for (const r of rows) console.log(line(r));
  console.log(`load average: ${JSON.stringify(result.loadAverage)}\n`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
