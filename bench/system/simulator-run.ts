/** One run of the simulator (the compiled one, as npm start runs it), its pid known while it runs (for the sampler). */
import { stackEndpoints } from '@logisync/test-kit';
// eslint-disable-next-line @nx/enforce-module-boundaries
import type { RunningService } from '../../tools/system/services';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { launchSimulator } from '../../tools/system/simulator-process';

export interface SimulatorReport {
  ok?: boolean;
  orders?: { orderId: string }[];
  invariants?: { name: string; ok: boolean }[];
  releaseToInvoiceMs?: unknown;
}

export interface SimulatorOutcome {
  exitCode: number;
  exitedAt: number;
  report: SimulatorReport;
  output: string;
}

export interface RunningSimulator {
  pid: number | undefined;
  done: Promise<SimulatorOutcome>;
}

/** What every step asks of it: people and carriers answer at once, no trouble. */
const FIXED_ARGS = [
  '--actor-delay',
  '0',
  '--no-trouble',
  '--stall-timeout',
  '60',
  '--concurrency',
  '64',
];

export function simulatorArgs(rate: number, orders: number, seed: number): string[] {
  return [
    '--rate',
    String(rate),
    '--orders',
    String(orders),
    '--seed',
    String(seed),
    ...FIXED_ARGS,
  ];
}

/** The same, as the result file records it. */
export function simulatorArgsNote(seed: number): string {
  return `--rate <step> --orders <rate x step seconds> --seed ${seed} ${FIXED_ARGS.join(' ')}`;
}

export function startSimulator(
  services: RunningService[],
  args: string[],
  reportFile: string,
): RunningSimulator {
  const sim = launchSimulator<SimulatorReport>({
    args,
    reportFile,
    services,
    kafkaBrokers: stackEndpoints.kafkaBrokers.join(','),
    registryUrl: stackEndpoints.registryUrl,
    output: 'capture',
    timeoutMs: 900_000,
  });
  const done = sim.done.then(({ exitCode, report, output }) => ({
    exitCode,
    exitedAt: Date.now(),
    // No report: the step counts as failed.
    report: report ?? {},
    output,
  }));
  return { pid: sim.pid, done };
}
