import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@logisync/test-kit';
import { ProcessSupervisor, type ProcessSpec } from './process-supervisor';

/** A small HTTP server: /health answers 200; it logs a line and optionally ignores SIGTERM. */
function server(name: string, port: number, { ignoreTerm = false } = {}): ProcessSpec {
  const script = `
    const http = require('node:http');
    ${ignoreTerm ? "process.on('SIGTERM', () => console.log('ignoring SIGTERM'));" : ''}
    http.createServer((req, res) => res.end('ok')).listen(${port}, '127.0.0.1', () => console.log('listening ${name}'));
  `;
  return {
    name,
    command: process.execPath,
    args: ['-e', script],
    healthUrl: `http://127.0.0.1:${port}/health`,
    readyTimeoutMs: 10_000,
  };
}

const healthy = async (port: number) =>
  fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(500) }).then(
    (r) => r.ok,
    () => false,
  );

describe('the process supervisor', () => {
  const logDir = mkdtempSync(join(tmpdir(), 'supervisor-'));
  const supervisor = new ProcessSupervisor(logDir);

  afterAll(() => supervisor.stopAll(1_000));

  it('starts a process, waits until it is healthy, and logs its output to a file', async () => {
    const port = await freePort();
    const status = await supervisor.start(server('web', port));
    expect(status).toMatchObject({ name: 'web', state: 'running', restarts: 0 });
    expect(await healthy(port)).toBe(true);
    await supervisor.stop('web');
    expect(supervisor.status('web').state).toBe('stopped');
    expect(await healthy(port)).toBe(false);
    expect(readFileSync(supervisor.logFile('web'), 'utf8')).toContain('listening web');
  });

  it('sees a SIGKILL as a crash and starts the process again', async () => {
    const port = await freePort();
    await supervisor.start(server('crashy', port));
    await supervisor.kill('crashy');
    expect(supervisor.status('crashy')).toMatchObject({ state: 'exited', signal: 'SIGKILL' });
    expect(supervisor.crashed().map((p) => p.name)).toContain('crashy');
    const again = await supervisor.restart('crashy');
    expect(again).toMatchObject({ state: 'running', restarts: 1 });
    expect(await healthy(port)).toBe(true);
    await supervisor.stop('crashy');
  });

  it('freezes a process with SIGSTOP and thaws it with SIGCONT', async () => {
    const port = await freePort();
    await supervisor.start(server('frozen', port));
    supervisor.signal('frozen', 'SIGSTOP');
    expect(await healthy(port)).toBe(false);
    supervisor.signal('frozen', 'SIGCONT');
    expect(await healthy(port)).toBe(true);
    await supervisor.stop('frozen');
  });

  it('kills a process that ignores SIGTERM once the grace period is over', async () => {
    const port = await freePort();
    await supervisor.start(server('stubborn', port, { ignoreTerm: true }));
    const started = Date.now();
    await supervisor.stop('stubborn', 500);
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(supervisor.status('stubborn')).toMatchObject({ state: 'stopped', signal: 'SIGKILL' });
    expect(readFileSync(supervisor.logFile('stubborn'), 'utf8')).toContain('ignoring SIGTERM');
  });

  it('fails a start when the process exits before it is healthy, naming its log', async () => {
    await expect(
      supervisor.start({
        name: 'broken',
        command: process.execPath,
        args: ['-e', "console.error('cannot start: bad config'); process.exit(3)"],
        healthUrl: 'http://127.0.0.1:9/health',
        readyTimeoutMs: 10_000,
      }),
    ).rejects.toThrow(/broken exited during startup \(code 3.*broken\.log/);
    expect(readFileSync(supervisor.logFile('broken'), 'utf8')).toContain(
      'cannot start: bad config',
    );
  });

  it('refuses to start a second copy of a running process', async () => {
    const port = await freePort();
    await supervisor.start(server('single', port));
    await expect(supervisor.start(server('single', port))).rejects.toThrow(/already running/);
    await supervisor.stop('single');
  });
});

describe('the children of a supervisor whose own process goes away', () => {
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  /** Starts a process supervising one child; resolves with both pids once the child is healthy. */
  async function supervisingParent(child: 'plain' | 'watching') {
    const port = await freePort();
    const parent = spawn(
      process.execPath,
      ['--import', 'tsx', join(__dirname, 'test-support', 'supervising-parent.ts')],
      {
        env: {
          ...process.env,
          PORT: String(port),
          CHILD: child,
          LOG_DIR: mkdtempSync(join(tmpdir(), 'orphans-')),
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = new Promise<void>((resolve) => parent.once('exit', () => resolve()));
    const childPid = await new Promise<number>((resolve, reject) => {
      let out = '';
      parent.stdout!.on('data', (d) => {
        out += d.toString();
        const match = /child (\d+)/.exec(out);
        if (match) resolve(Number(match[1]));
      });
      parent.once('exit', (code) => reject(new Error(`parent exited (${code}): ${out}`)));
    });
    expect(await healthy(port)).toBe(true);
    return { parent, exited, childPid, port };
  }

  async function gone(pid: number, withinMs: number): Promise<boolean> {
    const deadline = Date.now() + withinMs;
    while (Date.now() < deadline) {
      if (!alive(pid)) return true;
      await new Promise((r) => setTimeout(r, 100));
    }
    return !alive(pid);
  }

  it('are sent SIGTERM when it is terminated (SIGTERM, Ctrl-C)', async () => {
    const { parent, exited, childPid } = await supervisingParent('plain');
    parent.kill('SIGTERM');
    await exited;
    expect(parent.exitCode).toBe(143);
    expect(await gone(childPid, 5_000)).toBe(true);
  }, 60_000);

  it('stop themselves when it is killed outright, when they watch it as the services do', async () => {
    const plain = await supervisingParent('plain');
    const watching = await supervisingParent('watching');
    plain.parent.kill('SIGKILL');
    watching.parent.kill('SIGKILL');
    await Promise.all([plain.exited, watching.exited]);
    expect(await gone(watching.childPid, 5_000)).toBe(true);
    // The control: a child that does not watch survives a SIGKILL of its supervisor.
    expect(alive(plain.childPid)).toBe(true);
    process.kill(plain.childPid, 'SIGKILL');
  }, 60_000);
});
