/**
 * The benchmark's own PostgreSQL cluster (test-kit privatePostgres, as the chaos run makes one)
 * with pg_stat_statements preloaded: the shared cluster on 5432 does not preload it and must
 * never be restarted. Every statement a service sends is counted per database, BEGIN and COMMIT
 * included (pg_stat_statements.track_utility is on by default), at the cost of one hash-table
 * update per statement on the server.
 */
import { privatePostgres, type PrivatePostgres } from '@logisync/test-kit';
import { Client } from 'pg';
import { parentPid } from './probes';

export interface BenchPostgres {
  url: string;
  port: number;
  /** The cluster's server process, whose children are its backends (for the sampler). */
  postmasterPid: number | undefined;
  /** Calls of every statement so far, per database name (top-level statements only). */
  statementsByDatabase(): Promise<Map<string, number>>;
  /** Entries pg_stat_statements had to evict (its max was reached): counts are then low. */
  evictions(): Promise<number>;
  destroy(): Promise<void>;
}

async function query(url: string, sql: string) {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/**
 * Set before the restart. pg_stat_statements keeps its defaults (track = top, track_utility =
 * on, max = 5000 statement shapes, far more than five services send); its settings cannot be
 * set before the library is loaded.
 */
export const BENCH_POSTGRES_SETTINGS = {
  shared_preload_libraries: 'pg_stat_statements',
  // Five services' pools, the rebuild's shadow, the baselines and the benchmark itself.
  max_connections: '200',
} as const;

export async function benchPostgres(): Promise<BenchPostgres> {
  const pg: PrivatePostgres = await privatePostgres();
  try {
    for (const [name, value] of Object.entries(BENCH_POSTGRES_SETTINGS))
      await query(pg.url, `ALTER SYSTEM SET ${name} = '${value}'`);
    pg.stop();
    pg.start();
    await query(pg.url, 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  } catch (error) {
    pg.destroy();
    throw error;
  }
  const client = new Client({ connectionString: pg.url });
  await client.connect();
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  return {
    url: pg.url,
    port: pg.port,
    postmasterPid: parentPid(rows[0].pid),
    async statementsByDatabase() {
      const { rows } = await client.query<{ datname: string; calls: string }>(
        `SELECT d.datname, sum(s.calls)::bigint AS calls
           FROM pg_stat_statements(false) s JOIN pg_database d ON d.oid = s.dbid
          GROUP BY d.datname`,
      );
      return new Map(rows.map((r) => [r.datname, Number(r.calls)]));
    },
    async evictions() {
      const { rows } = await client.query<{ dealloc: string }>(
        'SELECT dealloc FROM pg_stat_statements_info',
      );
      return Number(rows[0]?.dealloc ?? 0);
    },
    async destroy() {
      await client.end().catch(() => undefined);
      pg.destroy();
    },
  };
}
