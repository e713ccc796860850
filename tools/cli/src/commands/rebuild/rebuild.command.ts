import {
  deadLetterTopicOf,
  topicSpec,
  topicsConsumedBy,
  type ServiceName,
} from '@logisync/canonical-events';
import { ensureTopics } from '@logisync/event-runtime';
import type { Command } from 'commander';
import type { Admin } from 'kafkajs';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { action, type CommandEnv } from '../../command-runner';
import { parseService, withDatabase } from '../../context';
import { CliError, ExitCode, usageError } from '../../exit-codes';
import { readPositions } from '../../kafka/group-positions';
import { diffDatabases, type TableDiff } from '../../state/table-diff';
import { bookkeepingTables } from '../../state/table-checksums';

interface RebuildOptions {
  service: string;
  databaseUrl?: string;
  ignoreColumns: string;
  ignoreTables?: string;
  keepShadow?: boolean;
  key?: string[];
  timeout: string;
  compare: boolean;
  since?: string;
}

const repoRoot = join(__dirname, '..', '..', '..', '..', '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function registerRebuild(program: Command): void {
  program
    .command('rebuild')
    .description(
      "Rebuild a service's state from offset 0 into a fresh shadow database with the service's own handlers (relay off, a group of its own), then compare it with the live database table by table and row by row; exit 0 only when equal, 3 when not",
    )
    .requiredOption('-s, --service <name>', 'the service to rebuild')
    .option(
      '--database-url <url>',
      "the live database (default: the service's own, <SERVICE>_DATABASE_URL)",
    )
    .option(
      '--ignore-columns <list>',
      'processing timestamps and drawn ids that differ by nature',
      'created_at,updated_at,received_at',
    )
    .option(
      '--ignore-tables <list>',
      `more tables to skip (always skipped: ${bookkeepingTables.join(', ')})`,
    )
    .option(
      '--key <table=col[+col]>',
      'pair the rows of a table by these columns instead of its primary key (repeatable)',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('--keep-shadow', 'keep the shadow database for a closer look')
    .option('--no-compare', 'rebuild and time it only, without comparing with the live state')
    .option('--timeout <seconds>', 'how long the shadow may take to catch up', '600')
    .option(
      '--since <iso>',
      'start at the first event at or after this time instead of offset 0 (a backlog of one window, such as a benchmark run)',
    )
    .action(action<RebuildOptions>((env) => rebuild(env)));
}

async function rebuild(env: CommandEnv<RebuildOptions>) {
  const { ctx, out, kafka, options } = env;
  const service = parseService(options.service);
  const liveUrl = options.databaseUrl ?? ctx.serviceDatabaseUrl(service);
  if (!liveUrl) throw usageError(`${service} has no database to compare with`);
  const id = Date.now().toString(36);
  const shadowName = `${new URL(liveUrl).pathname.slice(1)}_rebuild_${id}`;
  const shadowUrl = withDatabase(liveUrl, shadowName);
  const groupId = `${ctx.groupOf(service)}.rebuild.${id}`;
  const topics = topicsConsumedBy(service).map((t) => ctx.topic(t.name));
  const deadLetterTopic = `${ctx.topic(deadLetterTopicOf(service))}.rebuild.${id}`;
  const since = options.since === undefined ? undefined : Date.parse(options.since);
  if (since !== undefined && Number.isNaN(since)) throw usageError('--since needs an ISO time');
  const admin = await kafka.admin();
  const ends = await readPositions(admin, groupId, topics);
  if (since !== undefined) await startGroupAt(admin, groupId, topics, since, ends);
  await serverQuery(liveUrl, `CREATE DATABASE "${shadowName}"`);
  await ensureTopics(admin, [{ ...topicSpec(deadLetterTopicOf(service)), name: deadLetterTopic }]);
  let child: ChildProcess | undefined;
  try {
    out.note(
      `Rebuilding ${service} from ${since === undefined ? 'offset 0' : options.since} into ${shadowName} (group ${groupId}, relay off).`,
    );
    child = await startShadow(env, {
      service,
      databaseUrl: shadowUrl,
      groupId,
      topics,
      deadLetterTopic,
      namespace: ctx.namespace,
    });
    const read = await catchUp(env, groupId, topics, ends, Number(options.timeout) * 1_000);
    await stop(child);
    child = undefined;
    const rebuilt = { ...read, ...(await inboxCounts(shadowUrl, read)) };
    out.note(
      `Rebuilt ${rebuilt.events} events in ${rebuilt.seconds} s (${rebuilt.eventsPerSecond} events/s): ` +
        `${rebuilt.applied} applied (${rebuilt.appliedPerSecond}/s), ${rebuilt.skipped} skipped, ${rebuilt.deadLettered} dead-lettered.`,
    );
    if (!options.compare) {
      out.result({ service, rebuilt });
      return ExitCode.ok;
    }
    const diffs = await compare(liveUrl, shadowUrl, options);
    return report(env, service, rebuilt, diffs);
  } finally {
    if (child) await stop(child);
    await admin.deleteTopics({ topics: [deadLetterTopic] }).catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
    if (!options.keepShadow)
      await serverQuery(liveUrl, `DROP DATABASE IF EXISTS "${shadowName}" WITH (FORCE)`);
  }
}

async function serverQuery(anyUrl: string, sql: string) {
  const client = new Client({ connectionString: withDatabase(anyUrl, 'postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function startShadow(env: CommandEnv<RebuildOptions>, spec: object): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register',
      '-r',
      'tsconfig-paths/register',
      join(__dirname, 'shadow-service.ts'),
    ],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        TS_NODE_PROJECT: join(repoRoot, 'tsconfig.base.json'),
        TS_NODE_TRANSPILE_ONLY: 'true',
        TS_NODE_SWC: 'true',
        KAFKA_BROKERS: env.ctx.brokers.join(','),
        SCHEMA_REGISTRY_URL: env.ctx.registryUrl,
        LOGISYNC_SHADOW_SPEC: JSON.stringify(spec),
      },
    },
  );
  let errors = '';
  child.stderr!.on('data', (d) => (errors = `${errors}${d}`.slice(-4_000)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new CliError('the shadow service did not start in 180 s')),
      180_000,
    );
    child.stdout!.on('data', (d) => {
      if (String(d).includes('ready')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new CliError(`the shadow service exited (${code}): ${errors.trim()}`));
    });
  });
}

/**
 * Moves the new shadow group to the first offset at or after `since` on every partition, before
 * the shadow joins (a group with committed offsets ignores fromBeginning), and counts from there.
 */
async function startGroupAt(
  admin: Admin,
  groupId: string,
  topics: string[],
  since: number,
  ends: { topic: string; partition: number; start: number; end: number }[],
) {
  for (const topic of topics) {
    const offsets = await admin.fetchTopicOffsetsByTimestamp(topic, since);
    const partitions = offsets.map(({ partition, offset }) => {
      const position = ends.find((e) => e.topic === topic && e.partition === partition)!;
      // -1: nothing at or after that time on this partition.
      position.start = Number(offset) >= 0 ? Number(offset) : position.end;
      return { partition, offset: String(position.start) };
    });
    await admin.setOffsets({ groupId, topic, partitions });
  }
}

/**
 * Applied and skipped apart, from the shadow's own inbox (the runtime's consumer_inbox view): every event it applied (or dead-lettered)
 * has a row there; the rest of what it read were duplicates, types it does not handle or events
 * still parked.
 */
async function inboxCounts(shadowUrl: string, read: Rebuilt) {
  const client = new Client({ connectionString: shadowUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ applied: string; dead_lettered: string }>(
      `SELECT count(*) FILTER (WHERE outcome = 'applied') AS applied,
              count(*) FILTER (WHERE outcome = 'dead_lettered') AS dead_lettered
         FROM consumer_inbox`,
    );
    const applied = Number(rows[0].applied);
    const deadLettered = Number(rows[0].dead_lettered);
    return {
      applied,
      deadLettered,
      skipped: read.events - applied - deadLettered,
      appliedPerSecond: Math.round(applied / read.seconds),
    };
  } finally {
    await client.end();
  }
}

/** How much the shadow read and how fast, from its start to its last committed offset. */
interface Rebuilt {
  events: number;
  seconds: number;
  eventsPerSecond: number;
}

async function catchUp(
  env: CommandEnv<RebuildOptions>,
  groupId: string,
  topics: string[],
  ends: { topic: string; partition: number; start: number; end: number }[],
  timeoutMs: number,
): Promise<Rebuilt> {
  const admin = await env.kafka.admin();
  const total = ends.reduce((s, p) => s + p.end - p.start, 0);
  const started = Date.now();
  const bar = env.out.progress('rebuilding', total);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await readPositions(admin, groupId, topics);
    const done = ends.reduce((s, e) => {
      const at =
        now.find((p) => p.topic === e.topic && p.partition === e.partition)?.committed ?? e.start;
      return s + Math.max(0, Math.min(at, e.end) - e.start);
    }, 0);
    bar.update(done);
    if (done >= total) {
      bar.finish();
      const seconds = Math.max(0.001, (Date.now() - started) / 1000);
      return {
        events: total,
        seconds: Math.round(seconds * 100) / 100,
        eventsPerSecond: Math.round(total / seconds),
      };
    }
    if (Date.now() > deadline)
      throw new CliError(
        `the shadow read only ${done} of ${total} events in ${timeoutMs / 1000} s`,
        ExitCode.timeout,
      );
    await sleep(500);
  }
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

async function compare(
  liveUrl: string,
  shadowUrl: string,
  o: RebuildOptions,
): Promise<TableDiff[]> {
  const live = new Client({ connectionString: liveUrl });
  const shadow = new Client({ connectionString: shadowUrl });
  await live.connect();
  await shadow.connect();
  try {
    return await diffDatabases(live, shadow, {
      ignoreColumns: o.ignoreColumns.split(',').filter(Boolean),
      ignoreTables: [...bookkeepingTables, ...(o.ignoreTables ?? '').split(',').filter(Boolean)],
      keys: parseKeys(o.key),
    });
  } finally {
    await live.end();
    await shadow.end();
  }
}

function parseKeys(specs: string[] = []): Record<string, string[]> {
  return Object.fromEntries(
    specs.map((spec) => {
      const [table, columns] = spec.split('=');
      if (!table || !columns) throw usageError('--key needs table=column or table=a+b');
      return [table, columns.split('+')];
    }),
  );
}

function report(
  env: CommandEnv<RebuildOptions>,
  service: ServiceName,
  rebuilt: Rebuilt,
  diffs: TableDiff[],
) {
  const equal = diffs.every((d) => d.equal);
  env.out.result({ service, equal, rebuilt, tables: diffs });
  env.out.table(
    undefined,
    diffs.map((d) => ({
      table: d.table,
      live: d.liveRows,
      shadow: d.shadowRows,
      'only live': d.onlyLive.length,
      'only shadow': d.onlyShadow.length,
      different: d.different.length,
      equal: d.equal ? 'yes' : 'NO',
    })),
  );
  for (const d of diffs.filter((x) => !x.equal)) {
    for (const k of d.different) env.out.note(`  ${d.table} ${k}: differs`);
    for (const k of d.onlyLive) env.out.note(`  ${d.table} ${k}: only live`);
    for (const k of d.onlyShadow) env.out.note(`  ${d.table} ${k}: only in the rebuild`);
  }
  env.out.note(
    equal
      ? `\n${service}: the rebuild equals the live state.`
      : `\n${service}: the rebuild DIFFERS from the live state.`,
  );
  return equal ? ExitCode.ok : ExitCode.invalid;
}
