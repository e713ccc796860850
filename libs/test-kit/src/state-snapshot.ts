import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { stackEndpoints } from './stack-endpoints';

/** Row count and a digest of the ordered contents of every table, and every topic's end. */
export interface StateSnapshot {
  tables: Record<string, string>;
  topics: Record<string, string>;
}

async function tableDigests(databaseUrl: string): Promise<Record<string, string>> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>(
      `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables
        WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
    );
    const digests: Record<string, string> = {};
    for (const { name } of tables) {
      const { rows } = await client.query<{ n: number; digest: string }>(
        `SELECT count(*)::int AS n,
                md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS digest
           FROM ${name} t`,
      );
      digests[name] = `${rows[0].n} rows, md5 ${rows[0].digest}`;
    }
    return digests;
  } finally {
    await client.end();
  }
}

async function topicEnds(topics: string[]): Promise<Record<string, string>> {
  // SASL/TLS settings when the stack has them (a secured stack); none by default.
  const security = (stackEndpoints as { kafkaSecurity?: object }).kafkaSecurity ?? {};
  const admin = new Kafka({
    ...security,
    clientId: 'state-snapshot',
    brokers: stackEndpoints.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const ends: Record<string, string> = {};
    for (const topic of topics) {
      const offsets = await admin.fetchTopicOffsets(topic);
      ends[topic] = offsets
        .sort((a, b) => a.partition - b.partition)
        .map((o) => `${o.partition}:${o.high}`)
        .join(' ');
    }
    return ends;
  } finally {
    await admin.disconnect();
  }
}

/** Every table of the database (outbox and inbox included) and the end offsets of `topics`. */
export async function snapshotState(databaseUrl: string, topics: string[]): Promise<StateSnapshot> {
  return { tables: await tableDigests(databaseUrl), topics: await topicEnds(topics) };
}

/** What differs between two snapshots, one line per table or topic; empty when equal. */
export function snapshotDifferences(before: StateSnapshot, after: StateSnapshot): string[] {
  const diff = (kind: string, a: Record<string, string>, b: Record<string, string>) =>
    [...new Set([...Object.keys(a), ...Object.keys(b)])]
      .filter((name) => a[name] !== b[name])
      .map((name) => `${kind} ${name}: ${a[name] ?? 'absent'} -> ${b[name] ?? 'absent'}`);
  return [
    ...diff('table', before.tables, after.tables),
    ...diff('topic', before.topics, after.topics),
  ];
}

/**
 * A snapshot once nothing moves any more: two in a row, `intervalMs` apart (longer than the
 * outbox relay's poll), agree. Absence of a write can only be shown by waiting for it.
 */
export async function settledSnapshot(
  databaseUrl: string,
  topics: string[],
  { intervalMs = 1000, timeoutMs = 30_000 } = {},
): Promise<StateSnapshot> {
  const deadline = Date.now() + timeoutMs;
  let previous = await snapshotState(databaseUrl, topics);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    const next = await snapshotState(databaseUrl, topics);
    if (snapshotDifferences(previous, next).length === 0) return next;
    if (Date.now() > deadline) {
      throw new Error(`state still moving: ${snapshotDifferences(previous, next).join('; ')}`);
    }
    previous = next;
  }
}
