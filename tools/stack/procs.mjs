// Detached JVM processes marked as ours, their pid files, and stopping them.
// Every JVM we start carries -Dlogisync.stack.component=<name> and
// -Dlogisync.stack.dir=<cache dir>, so a pid is only ever signalled when its
// command line proves it is the component this cache started.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';

export const markerArgs = (cfg, name) => [
  `-Dlogisync.stack.component=${name}`,
  `-Dlogisync.stack.dir=${cfg.dir}`,
];

function cmdline(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return null;
  }
}

/** Alive and not a zombie. */
export function isAlive(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX]/s.test(stat);
  } catch {
    return false;
  }
}

function isOurs(pid, cfg, name) {
  const args = cmdline(pid);
  if (!args || !isAlive(pid)) return false;
  const [a, b] = markerArgs(cfg, name);
  return args.includes(a) && args.includes(b);
}

/** Every live process of this component started from this cache dir. */
export function findPids(cfg, name) {
  const pids = new Set();
  const rec = readPidFile(cfg[name].pidFile);
  if (rec && isOurs(rec.pid, cfg, name)) pids.add(rec.pid);
  for (const d of fs.readdirSync('/proc')) {
    if (/^\d+$/.test(d) && isOurs(Number(d), cfg, name)) pids.add(Number(d));
  }
  return [...pids];
}

export function readPidFile(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** The pid recorded for a component if that process is still ours. */
export function runningPid(cfg, name) {
  const rec = readPidFile(cfg[name].pidFile);
  return rec && isOurs(rec.pid, cfg, name) ? rec.pid : null;
}

/** Keeps one previous log (`<log>.1`) once a log passes 20 MB. */
function rotate(log, maxBytes = 20 * 1024 * 1024) {
  try {
    if (fs.statSync(log).size > maxBytes) fs.renameSync(log, `${log}.1`);
  } catch {
    /* no log yet */
  }
}

/**
 * Start a JVM in its own session, stdout/stderr appended to `log`, so it
 * outlives the npm/node process that started it. Writes the pid file.
 */
export function spawnDetached(cfg, name, { java, args, env, cwd, log }) {
  fs.mkdirSync(path.dirname(log), { recursive: true });
  fs.mkdirSync(cfg.runDir, { recursive: true });
  rotate(log);
  fs.appendFileSync(
    log,
    `\n===== ${new Date().toISOString()} logisync stack: starting ${name} =====\n`,
  );
  const fd = fs.openSync(log, 'a');
  const fullArgs = [...markerArgs(cfg, name), ...args];
  const child = spawn(java, fullArgs, { cwd, env, detached: true, stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  child.unref();
  if (!child.pid) throw new Error(`could not start ${name} with ${java}`);
  const rec = { pid: child.pid, component: name, startedAt: new Date().toISOString(), java, log };
  fs.writeFileSync(cfg[name].pidFile, `${JSON.stringify(rec, null, 2)}\n`);
  return child.pid;
}

/** SIGTERM (or `signal`), wait, SIGKILL after timeoutMs; removes the pid file. */
export async function stopProcesses(
  cfg,
  name,
  { signal = 'SIGTERM', timeoutMs = cfg.stopTimeoutMs } = {},
) {
  const pids = findPids(cfg, name);
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
  const end = Date.now() + timeoutMs;
  let killed = false;
  while (pids.some(isAlive)) {
    if (!killed && Date.now() > end) {
      for (const pid of pids.filter(isAlive)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
      killed = true;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  fs.rmSync(cfg[name].pidFile, { force: true });
  return { pids, forced: killed };
}

/** Last `lines` lines of a log file, for error messages. */
export function tail(file, lines = 30) {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text
      .split('\n')
      .slice(-lines - 1)
      .join('\n');
  } catch {
    return `(no log at ${file})`;
  }
}

/**
 * One `up`/`down` at a time per cache dir (the test runner and a person may
 * both call up). A lock left by a dead process is taken over.
 */
export async function withLock(cfg, fn, timeoutMs = 300_000) {
  fs.mkdirSync(cfg.runDir, { recursive: true });
  const file = path.join(cfg.runDir, 'stack.lock');
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let holder = 0;
      let stale = false;
      try {
        holder = Number(fs.readFileSync(file, 'utf8')) || 0;
        stale = holder ? !isAlive(holder) : Date.now() - fs.statSync(file).mtimeMs > 2000;
      } catch {
        continue; // released meanwhile
      }
      if (holder === process.pid) return fn(); // re-entrant within one process
      if (stale) {
        fs.rmSync(file, { force: true });
        continue;
      }
      if (Date.now() > end) throw new Error(`another stack command (pid ${holder}) holds ${file}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(file, { force: true });
  }
}
