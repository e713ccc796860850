/**
 * The system under test: the five processes through the supervisor, each on a fresh database of
 * the benchmark's own PostgreSQL cluster (bench-postgres.ts) and a free port, against the
 * running Kafka and registry; and what the benchmark asks of it: URLs, pids, consumer lag, the
 * creation time of a step's first order.
 */
import { topicsConsumedBy, type ServiceName } from '@logisync/canonical-events';
import { freePort, freshDatabase, stackEndpoints, type FreshDatabase } from '@logisync/test-kit';
import type { Admin } from 'kafkajs';
import { join } from 'node:path';
import { Client } from 'pg';
// The system's supervisor and service definitions live in the tools project (no npm scope).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { ProcessSupervisor } from '../../tools/supervisor/process-supervisor';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { apiKeysEnv, devApiKeys } from '../../tools/system/dev-api-keys';
// eslint-disable-next-line @nx/enforce-module-boundaries
import {
  SERVICES,
  serviceProcessSpec,
  serviceUrlEnv,
  startSystem,
  type RunningService,
  type ServiceProcessName,
} from '../../tools/system/services';
import { benchPostgres, type BenchPostgres } from './bench-postgres';

export const SERVICE_NAMES: ServiceProcessName[] = SERVICES.map((s) => s.name);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class BenchSystem {
  private running: RunningService[] = [];

  private constructor(
    readonly supervisor: ProcessSupervisor,
    readonly postgres: BenchPostgres,
    private readonly databases: Map<ServiceProcessName, FreshDatabase>,
    private readonly ports: Map<ServiceProcessName, number>,
    private readonly admin: Admin,
  ) {}

  static async start(logDir: string, admin: Admin, cpuProfDir?: { service: string; dir: string }) {
    const postgres = await benchPostgres();
    const databases = new Map<ServiceProcessName, FreshDatabase>();
    const ports = new Map<ServiceProcessName, number>();
    for (const s of SERVICES) {
      databases.set(s.name, await freshDatabase(`bench_sys_${s.database}`, postgres.url));
      ports.set(s.name, await freePort());
    }
    const system = new BenchSystem(
      new ProcessSupervisor(logDir),
      postgres,
      databases,
      ports,
      admin,
    );
    system.running = await startSystem(system.supervisor, {
      logDir,
      databaseUrl: (s) => databases.get(s)!.url,
      port: (s) => ports.get(s)!,
      kafkaBrokers: stackEndpoints.kafkaBrokers.join(','),
      registryUrl: stackEndpoints.registryUrl,
    });
    if (cpuProfDir)
      await system.restartProfiled(cpuProfDir.service as ServiceProcessName, cpuProfDir.dir);
    return system;
  }

  /** Started again with `--cpu-prof` as a node argument (same env, port and database). */
  private async restartProfiled(name: ServiceProcessName, dir: string) {
    await this.supervisor.stop(name);
    const spec = await serviceProcessSpec(
      name,
      {
        DATABASE_URL: this.databaseUrl(name),
        KAFKA_BROKERS: stackEndpoints.kafkaBrokers.join(','),
        SCHEMA_REGISTRY_URL: stackEndpoints.registryUrl,
        // The key set startSystem gave the others: without it every API call is a 401.
        API_KEYS: apiKeysEnv(devApiKeys().keys),
        ...(name === 'control-tower' ? serviceUrlEnv(this.running) : {}),
      },
      this.ports.get(name)!,
    );
    spec.args = ['--cpu-prof', `--cpu-prof-dir=${join(dir)}`, ...spec.args];
    await this.supervisor.start(spec);
  }

  url(name: string): string {
    return this.running.find((r) => r.name === name)!.baseUrl;
  }

  services(): RunningService[] {
    return this.running;
  }

  urls(): Record<string, string> {
    return Object.fromEntries(this.running.map((r) => [r.name, r.baseUrl]));
  }

  pid(name: string): number | undefined {
    return this.supervisor.status(name).pid;
  }

  databaseUrl(name: ServiceProcessName): string {
    return this.databases.get(name)!.url;
  }

  /** Statements so far per service, from pg_stat_statements' calls in its database. */
  async statementsByService(): Promise<Record<string, number>> {
    const byDatabase = await this.postgres.statementsByDatabase();
    return Object.fromEntries(
      SERVICE_NAMES.map((n) => [n, byDatabase.get(this.databases.get(n)!.name) ?? 0]),
    );
  }

  /**
   * Lag of one service's group (or all five): the end of each partition minus its commit. A
   * partition the group never committed on (-1) counts 0: a group that joined at the end of a
   * topic commits nothing there until an event arrives, and would otherwise never be at 0.
   */
  async lag(services: readonly ServiceName[] = SERVICE_NAMES): Promise<number> {
    let lag = 0;
    for (const service of services) {
      const topics = topicsConsumedBy(service).map((t) => t.name);
      const committed = await this.admin.fetchOffsets({ groupId: service, topics });
      for (const { topic, partitions } of committed) {
        const ends = await this.admin.fetchTopicOffsets(topic);
        for (const p of partitions) {
          const end = Number(ends.find((o) => o.partition === p.partition)?.high ?? 0);
          if (Number(p.offset) >= 0) lag += Math.max(0, end - Number(p.offset));
        }
      }
    }
    return lag;
  }

  /** Seconds until the lag is 0 (polled every 250 ms), or undefined after `timeoutMs`. */
  async waitForLagZero(
    timeoutMs: number,
    services: readonly ServiceName[] = SERVICE_NAMES,
  ): Promise<number | undefined> {
    const t0 = Date.now();
    while (Date.now() - t0 < timeoutMs) {
      if ((await this.lag(services).catch(() => -1)) === 0) return (Date.now() - t0) / 1000;
      await sleep(250);
    }
    return undefined;
  }

  /**
   * When the first of these orders was created, by the order service's clock (the same machine's),
   * from its database; undefined when it cannot be read (the window then starts at the step's
   * first event, which the result says).
   */
  async firstOrderCreatedAt(orderIds: readonly string[]): Promise<number | undefined> {
    if (orderIds.length === 0) return undefined;
    const c = new Client({ connectionString: this.databaseUrl('order-service') });
    try {
      await c.connect();
      const { rows } = await c.query<{ at: Date | null }>(
        'SELECT min(created_at) AS at FROM customer_order WHERE id = ANY($1::uuid[])',
        [orderIds],
      );
      return rows[0]?.at ? rows[0].at.getTime() : undefined;
    } catch {
      return undefined;
    } finally {
      await c.end().catch(() => undefined);
    }
  }

  /** Orders the order service holds: how a backlog step knows its orders are all placed. */
  async orderCount(): Promise<number> {
    const c = new Client({ connectionString: this.databaseUrl('order-service') });
    try {
      await c.connect();
      const { rows } = await c.query<{ n: string }>('SELECT count(*) AS n FROM customer_order');
      return Number(rows[0].n);
    } finally {
      await c.end().catch(() => undefined);
    }
  }

  async stop() {
    await this.supervisor.stopAll().catch(() => undefined);
  }

  async dropDatabases() {
    for (const db of this.databases.values()) await db.drop().catch(() => undefined);
    await this.postgres.destroy().catch(() => undefined);
  }
}
