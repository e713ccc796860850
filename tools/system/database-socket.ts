import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

type Env = Readonly<Record<string, string | undefined>>;

/** Where PostgreSQL's packages put the server's socket (Debian's first, then the source build's). */
const SOCKET_DIRECTORIES = ['/var/run/postgresql', '/tmp'];
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The database URL a service the supervisor starts is given. On one machine the services reach
 * PostgreSQL through its Unix socket instead of TCP on the loopback: the same database, server
 * and user, fewer system calls and no TCP stack on either side of every statement (measured in
 * docs/performance.md, "Results 2026-11-27 afternoon"). Only for a loopback URL without a
 * `host` parameter of its own, when the server's socket for that port exists and a connection
 * through it succeeds (a server that asks socket users for `peer` authentication keeps TCP).
 * LOGISYNC_PG_SOCKET=off keeps TCP everywhere.
 */
export async function viaLocalSocket(url: string, env: Env = process.env): Promise<string> {
  const setting = env['LOGISYNC_PG_SOCKET']?.trim().toLowerCase();
  if (setting === 'off' || setting === '0' || setting === 'false') return url;
  const socketUrl = localSocketUrl(url);
  if (!socketUrl) return url;
  const client = new Client({ connectionString: socketUrl, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return socketUrl;
  } catch {
    return url;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The same URL through the socket directory that holds this port's socket, or undefined. */
export function localSocketUrl(
  url: string,
  socketExists: (path: string) => boolean = existsSync,
): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (!['postgres:', 'postgresql:'].includes(parsed.protocol)) return undefined;
  if (!LOOPBACK.has(parsed.hostname) || parsed.searchParams.has('host')) return undefined;
  const port = parsed.port || '5432';
  const directory = SOCKET_DIRECTORIES.find((dir) => socketExists(join(dir, `.s.PGSQL.${port}`)));
  if (!directory) return undefined;
  parsed.searchParams.set('host', directory);
  return parsed.toString();
}
