/**
 * A step's figures over its window, from the sampler's counters: events applied, CPU per
 * process and per flow (net of the idle step), statements per flow per service, RSS.
 */
import { SERVICE_NAMES } from './bench-system';
import { deltaIn, netOfIdle, type StepWindow } from './method/step-window';
import type { Sampler } from './sampler';

/** Per-second rates of the system at rest, measured once per run (see measureIdle). */
export interface IdleRates {
  seconds: number;
  cpu: Record<string, number>;
  statements: Record<string, number>;
}

/** The CPU keys the sampler records beside the services and the simulator. */
const MACHINE_KEYS = [
  'busy',
  'iowait',
  'postgres',
  'benchPostgres',
  'kafka',
  'registry',
  'bench',
] as const;
/**
 * What the system under test is made of, for its CPU per flow: the five services, the
 * benchmark's PostgreSQL cluster, the broker and the registry (shared with other engineers'
 * tests; nothing tells their share apart). The simulator and the benchmark are apart.
 */
const SYSTEM_KEYS = [...SERVICE_NAMES, 'benchPostgres', 'kafka', 'registry'];

const round = (v: number | undefined, d = 1) =>
  v === undefined || !Number.isFinite(v) ? undefined : Math.round(v * 10 ** d) / 10 ** d;

export function idleRates(sampler: Sampler, window: StepWindow): IdleRates {
  const per = (d: number | undefined) => (d ?? 0) / window.seconds;
  const cpuKeys = [...MACHINE_KEYS, ...SERVICE_NAMES];
  return {
    seconds: window.seconds,
    cpu: Object.fromEntries(
      cpuKeys.map((k) => [
        k,
        per(
          deltaIn(
            sampler.series((s) => s.cpu[k]),
            window,
          ),
        ),
      ]),
    ),
    statements: Object.fromEntries(
      SERVICE_NAMES.map((n) => [
        n,
        per(
          deltaIn(
            sampler.series((s) => s.statements?.[n]),
            window,
          ),
        ),
      ]),
    ),
  };
}

export function windowFigures(
  sampler: Sampler,
  window: StepWindow,
  flows: number,
  idle: IdleRates | undefined,
) {
  const s = window.seconds;
  const cpuDelta = (k: string) =>
    deltaIn(
      sampler.series((x) => x.cpu[k]),
      window,
    ) ?? 0;
  const cpuNet = (k: string) => netOfIdle(cpuDelta(k), idle?.cpu[k] ?? 0, s);
  const perFlow = (v: number, d = 3) => (flows ? round(v / flows, d) : undefined);
  const percent = (k: string) => round((cpuDelta(k) / s) * 100);
  const applied = Object.fromEntries(
    SERVICE_NAMES.map((n) => [
      n,
      deltaIn(
        sampler.series((x) => x.applied?.[n]),
        window,
      ) ?? 0,
    ]),
  );
  const eventsApplied = Math.round(Object.values(applied).reduce((a, b) => a + b, 0));
  const statements = Object.fromEntries(
    SERVICE_NAMES.map((n) => [
      n,
      deltaIn(
        sampler.series((x) => x.statements?.[n]),
        window,
      ) ?? 0,
    ]),
  );
  const statementsNet = Object.fromEntries(
    SERVICE_NAMES.map((n) => [n, netOfIdle(statements[n], idle?.statements[n] ?? 0, s)]),
  );
  const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
  const inWindow = sampler.samples.filter((x) => x.t >= window.start && x.t <= window.end);
  return {
    eventsApplied,
    eventsAppliedPerSecond: round(eventsApplied / s),
    cpu: {
      /** The whole machine's busy CPU in the window minus the idle step's, per complete flow. */
      cpuSecondsPerFlow: perFlow(cpuNet('busy')),
      /** The services, the bench's PostgreSQL, Kafka and the registry, net of idle, per flow. */
      systemCpuSecondsPerFlow: perFlow(SYSTEM_KEYS.reduce((a, k) => a + cpuNet(k), 0)),
      simulatorCpuSecondsPerFlow: perFlow(cpuDelta('simulator'), 4),
      benchCpuSecondsPerFlow: perFlow(cpuNet('bench'), 4),
      machineBusyPercent: percent('busy'),
      iowaitPercent: percent('iowait'),
      percentOfOneCore: Object.fromEntries(
        [
          ...SERVICE_NAMES,
          'benchPostgres',
          'postgres',
          'kafka',
          'registry',
          'simulator',
          'bench',
        ].map((k) => [k, percent(k)]),
      ),
    },
    statements: {
      /** Every statement of the window (pg_stat_statements calls) per complete flow. */
      perFlow: Object.fromEntries([
        ...SERVICE_NAMES.map((n) => [n, perFlow(statements[n], 1)]),
        ['total', perFlow(sum(statements), 1)],
      ]),
      /** The same less what the system at rest sends in as long (relay polls, sweeps). */
      perFlowNetOfIdle: Object.fromEntries([
        ...SERVICE_NAMES.map((n) => [n, perFlow(statementsNet[n], 1)]),
        ['total', perFlow(sum(statementsNet), 1)],
      ]),
    },
    perService: Object.fromEntries(
      SERVICE_NAMES.map((n) => [
        n,
        {
          appliedPerSecond: round(applied[n] / s),
          cpuPercent: percent(n),
          rssMiB: round(Math.max(0, ...inWindow.map((x) => x.rssMiB[n] ?? 0))),
        },
      ]),
    ),
  };
}
