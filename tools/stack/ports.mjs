// Port probes: is a port free, who holds it, wait until it opens or closes.
import fs from 'node:fs';
import net from 'node:net';
import { spawnSync } from 'node:child_process';

/** True when we could bind host:port ourselves right now. */
export function isPortFree(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/** True when something accepts a TCP connection on host:port. */
export function isPortOpen(port, host = '127.0.0.1', timeoutMs = 1000) {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host });
    const done = (v) => {
      sock.destroy();
      resolve(v);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

function fromSs(port) {
  const r = spawnSync('ss', ['-H', '-ltnp', `sport = :${port}`], { encoding: 'utf8' });
  if (r.status !== 0 || !r.stdout) return null;
  const m = /users:\(\("([^"]+)",pid=(\d+)/.exec(r.stdout);
  return m ? { pid: Number(m[2]), command: m[1] } : null;
}

function fromProc(port) {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length > 9 && f[1].endsWith(`:${hex}`) && f[3] === '0A') inodes.add(f[9]);
    }
  }
  if (!inodes.size) return null;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let fds = [];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let link = '';
      try {
        link = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const m = /^socket:\[(\d+)\]$/.exec(link);
      if (m && inodes.has(m[1])) return { pid: Number(pid), command: processCommand(Number(pid)) };
    }
  }
  return { pid: null, command: 'unknown (socket owned by another user?)' };
}

/** The process listening on a TCP port, as far as we can tell, or null. */
export function whoListens(port) {
  const found = fromSs(port) ?? fromProc(port);
  if (found?.pid) found.command = processCommand(found.pid) || found.command;
  return found;
}

/** The command line of a pid, shortened for messages ('' when gone). */
export function processCommand(pid, max = 160) {
  try {
    const cmd = fs
      .readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .split('\0')
      .filter(Boolean)
      .join(' ');
    return cmd.length > max ? `${cmd.slice(0, max)}...` : cmd;
  } catch {
    return '';
  }
}

export function describeHolder(port) {
  const who = whoListens(port);
  if (!who) return `port ${port} is in use`;
  return `port ${port} is in use by ${who.pid ? `pid ${who.pid}: ` : ''}${who.command}`;
}

/** Resolve once every port is free, or throw after timeoutMs. */
export async function waitPortsFree(ports, host = '127.0.0.1', timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const busy = [];
    for (const p of ports) if (!(await isPortFree(p, host))) busy.push(p);
    if (!busy.length) return;
    if (Date.now() > end) throw new Error(busy.map(describeHolder).join('; '));
    await new Promise((r) => setTimeout(r, 200));
  }
}
