// The PostgreSQL server at DATABASE_URL: reachability and the databases the
// services and the registry need. The server itself is never started or
// stopped here; it is shared.
import { createRequire } from 'node:module';
import { URLSearchParams } from 'node:url';
import { redactUrl } from './config.mjs';
import { StackError } from './preflight.mjs';

const require = createRequire(import.meta.url);
const { Client } = require('pg');

async function withClient(url, fn) {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => {}); // a dropped connection surfaces through the query
  try {
    await client.connect();
  } catch (e) {
    throw new StackError(
      `PostgreSQL is unreachable at ${redactUrl(url)}: ${e.code ?? ''} ${e.message}`.trim(),
      'Start PostgreSQL (here: pg_ctlcluster --skip-systemctl-redirect 15 main start) or point DATABASE_URL at a running server.',
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function checkPostgres(cfg) {
  return withClient(
    cfg.databaseUrl,
    async (c) => (await c.query('select version() as v')).rows[0].v,
  );
}

/** Creates the missing databases; returns the names it created. */
export async function ensureDatabases(cfg, names = cfg.databases) {
  return withClient(cfg.databaseUrl, async (c) => {
    const { rows } = await c.query('select datname from pg_database');
    const have = new Set(rows.map((r) => r.datname));
    const created = [];
    for (const name of names.filter((n) => !have.has(n))) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`refusing odd database name ${name}`);
      try {
        await c.query(`create database "${name}"`);
        created.push(name);
      } catch (e) {
        // 42P04: created meanwhile by someone else; 23505: the same race, seen in pg_database's index.
        if (e.code !== '42P04' && e.code !== '23505') throw e;
      }
    }
    return created;
  });
}

/** JDBC settings for the registry's database on the same server. */
export function jdbcSettings(cfg, database = 'schema_registry') {
  const u = new URL(cfg.databaseUrl);
  const host = u.hostname || '127.0.0.1';
  const port = u.port || '5432';
  const params = new URLSearchParams();
  const sslmode = u.searchParams.get('sslmode');
  if (sslmode) params.set('sslmode', sslmode);
  const qs = params.toString();
  return {
    url: `jdbc:postgresql://${host.includes(':') ? `[${host}]` : host}:${port}/${database}${qs ? `?${qs}` : ''}`,
    username: decodeURIComponent(u.username || process.env.PGUSER || 'postgres'),
    password: decodeURIComponent(u.password || process.env.PGPASSWORD || ''),
  };
}
