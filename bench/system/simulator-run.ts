/** One run of the simulator as a child process, its pid known while it runs (for the sampler). */
import { stackEndpoints } from '@logisync/test-kit';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { REPO_ROOT } from '../../tools/system/services';

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
  serviceUrls: Record<string, string>,
  args: string[],
  reportFile: string,
): RunningSimulator {
  let resolveDone: (o: SimulatorOutcome) => void = () => undefined;
  const done = new Promise<SimulatorOutcome>((r) => (resolveDone = r));
  const child = execFile(
    process.execPath,
    [
      join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'),
      'apps/simulator/src/main.ts',
      '--report',
      reportFile,
      ...args,
    ],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        ORDER_SERVICE_URL: serviceUrls['order-service'],
        WAREHOUSE_SERVICE_URL: serviceUrls['warehouse-service'],
        TRANSPORT_SERVICE_URL: serviceUrls['transport-service'],
        BILLING_SERVICE_URL: serviceUrls['billing-service'],
        KAFKA_BROKERS: stackEndpoints.kafkaBrokers.join(','),
        SCHEMA_REGISTRY_URL: stackEndpoints.registryUrl,
      },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 900_000,
    },
    (error, stdout, stderr) => {
      const exitedAt = Date.now();
      let report: SimulatorReport = {};
      try {
        report = JSON.parse(readFileSync(reportFile, 'utf8'));
      } catch {
        // no report: the step counts as failed
      }
      const exitCode = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolveDone({ exitCode, exitedAt, report, output: `${stdout}\n${stderr}` });
    },
  );
  return { pid: child.pid, done };
}
