import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { freePort } from './free-port';
import { uniqueName } from './unique-name';

export interface PrivatePostgres {
  url: string;
  port: number;
  stop(): void;
  start(): void;
  destroy(): void;
}

function majorVersion(): string {
  const versions = readdirSync('/usr/lib/postgresql')
    .filter((v) => /^\d+$/.test(v))
    .sort();
  if (versions.length === 0) throw new Error('No PostgreSQL server under /usr/lib/postgresql');
  return versions[versions.length - 1];
}

/**
 * A PostgreSQL cluster of a test's own on a free port, for tests that stop and start the
 * server. The shared server on 5432 is never touched.
 */
export async function privatePostgres(): Promise<PrivatePostgres> {
  const version = majorVersion();
  const name = uniqueName('t').slice(0, 40);
  const port = await freePort();
  const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: 'pipe' });
  run('pg_createcluster', [version, name, '--port', String(port), '--start', '--', '--auth=trust']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop: () => run('pg_ctlcluster', [version, name, 'stop', '-m', 'immediate']),
    start: () => run('pg_ctlcluster', [version, name, 'start']),
    destroy: () => run('pg_dropcluster', ['--stop', version, name]),
  };
}
