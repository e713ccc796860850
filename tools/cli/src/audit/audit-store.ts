import { Client } from 'pg';
import { withClient } from '../db/pg';

export interface OperatorAction {
  actionId: string;
  actor: string;
  at: Date;
  command: string;
  arguments: string[];
  details: Record<string, unknown>;
  offsetsBefore: unknown[];
  offsetsAfter: unknown[];
  outcome: 'succeeded' | 'failed' | 'refused';
  exitCode: number;
  error: string | null;
}

const schemaSql = `
CREATE TABLE IF NOT EXISTS operator_action (
  action_id      uuid PRIMARY KEY,
  actor          text NOT NULL,
  at             timestamptz NOT NULL,
  command        text NOT NULL,
  arguments      jsonb NOT NULL,
  details        jsonb NOT NULL DEFAULT '{}',
  offsets_before jsonb NOT NULL DEFAULT '[]',
  offsets_after  jsonb NOT NULL DEFAULT '[]',
  outcome        text NOT NULL,
  exit_code      int NOT NULL,
  error          text
);
CREATE INDEX IF NOT EXISTS operator_action_at ON operator_action (at DESC);`;

/** Creates the ops database when it is missing (42P04: another process made it first). */
export async function ensureOpsDatabase(opsUrl: string): Promise<void> {
  const url = new URL(opsUrl);
  const database = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const server = new Client({ connectionString: url.toString(), connectionTimeoutMillis: 5_000 });
  try {
    await server.connect();
    const { rowCount } = await server.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      database,
    ]);
    if (!rowCount) {
      await server
        .query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`)
        .catch((e: { code?: string }) => {
          if (e.code !== '42P04') throw e;
        });
    }
  } catch {
    // No rights on the server database: the ops database may exist already; the next step says.
  } finally {
    await server.end().catch(() => undefined);
  }
  await withClient(opsUrl, (c) => c.query(schemaSql));
}

export async function insertAction(opsUrl: string, a: OperatorAction): Promise<void> {
  await ensureOpsDatabase(opsUrl);
  await withClient(opsUrl, (c) =>
    c.query(
      `INSERT INTO operator_action (action_id, actor, at, command, arguments, details,
         offsets_before, offsets_after, outcome, exit_code, error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        a.actionId,
        a.actor,
        a.at,
        a.command,
        JSON.stringify(a.arguments),
        JSON.stringify(a.details),
        JSON.stringify(a.offsetsBefore),
        JSON.stringify(a.offsetsAfter),
        a.outcome,
        a.exitCode,
        a.error,
      ],
    ),
  );
}

export interface AuditQuery {
  limit: number;
  actor?: string;
  command?: string;
  since?: Date;
}

export async function listActions(opsUrl: string, q: AuditQuery): Promise<OperatorAction[]> {
  await ensureOpsDatabase(opsUrl);
  return withClient(opsUrl, async (c) => {
    const { rows } = await c.query(
      `SELECT * FROM operator_action
        WHERE ($1::text IS NULL OR actor = $1) AND ($2::text IS NULL OR command = $2)
          AND ($3::timestamptz IS NULL OR at >= $3)
        ORDER BY at DESC LIMIT $4`,
      [q.actor ?? null, q.command ?? null, q.since ?? null, q.limit],
    );
    return rows.map((r) => ({
      actionId: r.action_id,
      actor: r.actor,
      at: r.at,
      command: r.command,
      arguments: r.arguments,
      details: r.details,
      offsetsBefore: r.offsets_before,
      offsetsAfter: r.offsets_after,
      outcome: r.outcome,
      exitCode: r.exit_code,
      error: r.error,
    }));
  });
}
