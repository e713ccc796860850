import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildServices, SERVICES_DIST } from './build-services';
import { devApiKeys } from './dev-api-keys';
import { REPO_ROOT, serviceUrlEnv, type RunningService } from './services';

/** The simulator compiled with the services (build-services.ts), run by plain node. */
export const SIMULATOR_MAIN = `${SERVICES_DIST}/apps/simulator/src/main.js`;

/** What is kept of a captured run's output: the end, where the summary and the errors are. */
const OUTPUT_KEPT = 4 * 1024 * 1024;

export interface SimulatorLaunch {
  /** The simulator's options (`npm run simulate -- --help`); --report is added. */
  args: string[];
  /** Where it writes its JSON report. */
  reportFile: string;
  /** Where the services answer (ORDER_SERVICE_URL, ...). */
  services: RunningService[];
  kafkaBrokers?: string;
  registryUrl?: string;
  /** `inherit` shows its progress on this terminal; `capture` keeps its output for the result. */
  output: 'inherit' | 'capture';
  /** SIGTERM after this long. */
  timeoutMs?: number;
  /** Flags for node before the script; by default LOGISYNC_SIMULATOR_NODE_FLAGS (e.g. --cpu-prof). */
  nodeFlags?: string[];
}

export interface SimulatorResult<Report> {
  exitCode: number;
  /** Undefined when it wrote no report (it stopped before the end). */
  report?: Report;
  /** Captured stdout and stderr (empty with output `inherit`). */
  output: string;
}

export interface SimulatorProcess<Report> {
  pid: number | undefined;
  done: Promise<SimulatorResult<Report>>;
  stop(): void;
}

/**
 * The one way npm start, the end-to-end tests, the benchmark and the chaos run start the
 * simulator: its own process, compiled JavaScript like the services (no TypeScript compiler in
 * the process whose CPU per flow is measured), told where the services and the stack are, with
 * the development key set's simulator key unless LOGISYNC_API_KEY says otherwise.
 */
export function launchSimulator<Report = Record<string, unknown>>(
  launch: SimulatorLaunch,
): SimulatorProcess<Report> {
  buildServices(REPO_ROOT);
  // A report left by an earlier run must not pass for this one's.
  rmSync(launch.reportFile, { force: true });
  const child = spawn(
    process.execPath,
    [
      ...(launch.nodeFlags ?? nodeFlagsFromEnv()),
      join(REPO_ROOT, SIMULATOR_MAIN),
      '--report',
      launch.reportFile,
      ...launch.args,
    ],
    {
      cwd: REPO_ROOT,
      env: simulatorEnv(launch),
      stdio: launch.output === 'inherit' ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > OUTPUT_KEPT) output = output.slice(-OUTPUT_KEPT);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const timer = launch.timeoutMs
    ? setTimeout(() => child.kill('SIGTERM'), launch.timeoutMs)
    : undefined;
  const done = new Promise<SimulatorResult<Report>>((resolve) => {
    const finish = (exitCode: number) => {
      clearTimeout(timer);
      resolve({ exitCode, report: readReport<Report>(launch.reportFile), output });
    };
    child.once('error', (error) => {
      output += `\n${error.message}`;
      finish(1);
    });
    child.once('close', (code, signal) => finish(code ?? (signal ? 1 : 0)));
  });
  return { pid: child.pid, done, stop: () => void child.kill('SIGTERM') };
}

/** LOGISYNC_SIMULATOR_NODE_FLAGS: node flags for the simulator only, e.g. to profile it. */
function nodeFlagsFromEnv(): string[] {
  return (process.env.LOGISYNC_SIMULATOR_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
}

function simulatorEnv(launch: SimulatorLaunch): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...serviceUrlEnv(launch.services),
    ...(launch.kafkaBrokers ? { KAFKA_BROKERS: launch.kafkaBrokers } : {}),
    ...(launch.registryUrl ? { SCHEMA_REGISTRY_URL: launch.registryUrl } : {}),
    LOGISYNC_API_KEY: process.env.LOGISYNC_API_KEY ?? devApiKeys().keys.simulator.key,
  };
}

function readReport<Report>(file: string): Report | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Report;
  } catch {
    return undefined;
  }
}
