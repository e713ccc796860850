import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';

/** A process the supervisor runs: its command, environment and how to tell it is healthy. */
export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
  /** GET this URL until it answers 2xx; without it the process is healthy once spawned. */
  healthUrl?: string;
  readyTimeoutMs?: number;
}

export type ProcessState = 'starting' | 'running' | 'stopping' | 'stopped' | 'exited';

export interface ProcessStatus {
  name: string;
  pid: number | undefined;
  state: ProcessState;
  restarts: number;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  logFile: string;
}

interface Managed {
  spec: ProcessSpec;
  child: ChildProcess;
  log: WriteStream;
  state: ProcessState;
  restarts: number;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  exited: Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Set in every child's environment: the services stop themselves when this process is gone. */
export const PARENT_PID_ENV = 'LOGISYNC_PARENT_PID';

const supervisors = new Set<ProcessSupervisor>();
let exitHooked = false;

/**
 * The children run in process groups of their own (so a kill reaches what they spawn), which
 * also means they outlive this process unless told. On its way out (a normal exit, or SIGINT,
 * SIGTERM or SIGHUP that nobody else handles) this process sends SIGTERM to every group still
 * running; the services then shut down gracefully. A SIGKILL of this process cannot be caught:
 * for that the services watch PARENT_PID_ENV themselves.
 */
function stopChildrenOnExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  process.once('exit', () => {
    for (const supervisor of supervisors) supervisor.signalAll('SIGTERM');
  });
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    process.on(signal, () => {
      // Another handler (npm start's) stops the supervisor itself, more gracefully.
      if (process.listenerCount(signal) > 1) return;
      process.exit(code);
    });
  }
}

/**
 * Starts processes with their output in one log file each, waits until they are healthy,
 * stops them (SIGTERM, then SIGKILL after a grace period) and injects faults (SIGKILL,
 * SIGSTOP/SIGCONT). `npm start`, the end-to-end tests and the benchmarks share it.
 */
export class ProcessSupervisor {
  private readonly processes = new Map<string, Managed>();

  constructor(private readonly logDir: string) {
    mkdirSync(logDir, { recursive: true });
    supervisors.add(this);
    stopChildrenOnExit();
  }

  logFile(name: string): string {
    return join(this.logDir, `${name}.log`);
  }

  /** Spawns the process and resolves once it is healthy; rejects (and stops it) otherwise. */
  async start(spec: ProcessSpec): Promise<ProcessStatus> {
    const previous = this.processes.get(spec.name);
    if (previous && (previous.state === 'running' || previous.state === 'starting')) {
      throw new Error(`${spec.name} is already running (pid ${previous.child.pid})`);
    }
    const log = createWriteStream(this.logFile(spec.name), { flags: 'a' });
    log.write(`\n--- ${new Date().toISOString()} start ${spec.command} ${spec.args.join(' ')}\n`);
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env, [PARENT_PID_ENV]: String(process.pid) },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so a kill reaches whatever it spawned
    });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    const managed: Managed = {
      spec,
      child,
      log,
      state: 'starting',
      restarts: previous ? previous.restarts + 1 : 0,
      exitCode: null,
      signal: null,
      exited: new Promise((resolve) => {
        child.once('exit', (code, signal) => {
          managed.exitCode = code;
          managed.signal = signal;
          managed.state = managed.state === 'stopping' ? 'stopped' : 'exited';
          log.write(`--- ${new Date().toISOString()} exit code=${code} signal=${signal}\n`);
          resolve();
        });
      }),
    };
    child.once('error', (error) => log.write(`--- spawn error: ${error.message}\n`));
    this.processes.set(spec.name, managed);
    try {
      await this.waitHealthy(managed);
    } catch (error) {
      await this.stop(spec.name);
      throw error;
    }
    managed.state = 'running';
    return this.status(spec.name);
  }

  private async waitHealthy(managed: Managed): Promise<void> {
    const { spec } = managed;
    const timeoutMs = spec.readyTimeoutMs ?? 60_000;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (managed.state === 'exited') {
        throw new Error(
          `${spec.name} exited during startup (code ${managed.exitCode}, signal ${managed.signal}); see ${this.logFile(spec.name)}`,
        );
      }
      if (!spec.healthUrl) return;
      try {
        const response = await fetch(spec.healthUrl, { signal: AbortSignal.timeout(2_000) });
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(250);
    }
    throw new Error(
      `${spec.name} not healthy at ${spec.healthUrl} after ${timeoutMs} ms; see ${this.logFile(spec.name)}`,
    );
  }

  /** SIGTERM, then SIGKILL after the grace period. Resolves once it has exited. */
  async stop(name: string, graceMs = 10_000): Promise<void> {
    const managed = this.processes.get(name);
    if (!managed || managed.state === 'exited' || managed.state === 'stopped') return;
    managed.state = 'stopping';
    this.signalGroup(managed, 'SIGCONT'); // a stopped process cannot handle SIGTERM
    this.signalGroup(managed, 'SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      managed.exited.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), graceMs);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      this.signalGroup(managed, 'SIGKILL');
      await managed.exited;
    }
    managed.log.end();
  }

  /** Sends a signal without waiting (SIGKILL, SIGSTOP, SIGCONT for fault injection). */
  signal(name: string, signal: NodeJS.Signals): void {
    const managed = this.processes.get(name);
    if (!managed) throw new Error(`no process named ${name}`);
    this.signalGroup(managed, signal);
  }

  /** SIGKILL and wait for the exit: a crash as the operating system would cause it. */
  async kill(name: string): Promise<void> {
    const managed = this.processes.get(name);
    if (!managed) throw new Error(`no process named ${name}`);
    this.signalGroup(managed, 'SIGKILL');
    await managed.exited;
  }

  /** Starts the process again with the spec it last ran with. */
  async restart(name: string): Promise<ProcessStatus> {
    const managed = this.processes.get(name);
    if (!managed) throw new Error(`no process named ${name}`);
    await this.stop(name);
    return this.start(managed.spec);
  }

  status(name: string): ProcessStatus {
    const managed = this.processes.get(name);
    if (!managed) throw new Error(`no process named ${name}`);
    return {
      name,
      pid: managed.child.pid,
      state: managed.state,
      restarts: managed.restarts,
      exitCode: managed.exitCode,
      signal: managed.signal,
      logFile: this.logFile(name),
    };
  }

  list(): ProcessStatus[] {
    return [...this.processes.keys()].map((name) => this.status(name));
  }

  /** Processes that exited without being asked to. */
  crashed(): ProcessStatus[] {
    return this.list().filter((p) => p.state === 'exited');
  }

  /** Stops everything, the last started first. */
  async stopAll(graceMs?: number): Promise<void> {
    for (const name of [...this.processes.keys()].reverse()) await this.stop(name, graceMs);
  }

  /** Sends a signal to every process still running, without waiting (this process's exit). */
  signalAll(signal: NodeJS.Signals): void {
    for (const managed of this.processes.values()) {
      if (managed.state === 'exited' || managed.state === 'stopped') continue;
      this.signalGroup(managed, 'SIGCONT');
      this.signalGroup(managed, signal);
    }
  }

  private signalGroup(managed: Managed, signal: NodeJS.Signals): void {
    if (managed.child.pid === undefined || managed.child.exitCode !== null) return;
    if (managed.child.signalCode !== null) return;
    try {
      process.kill(-managed.child.pid, signal);
    } catch {
      // already gone
    }
  }
}
