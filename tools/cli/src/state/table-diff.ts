import type { Client } from 'pg';
import { bookkeepingTables } from './table-checksums';

export interface TableDiff {
  table: string;
  liveRows: number;
  shadowRows: number;
  equal: boolean;
  /** Primary keys (as JSON) of rows only live has, only the shadow has, or that differ. */
  onlyLive: string[];
  onlyShadow: string[];
  different: string[];
}

async function rowHashes(
  c: Client,
  table: string,
  ignore: string[],
  businessKey?: string[],
): Promise<Map<string, string>> {
  const { rows: primary } = await c.query<{ column: string }>(
    `SELECT a.attname AS column FROM pg_index i
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
      WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY a.attnum`,
    [`"${table}"`],
  );
  const pk = businessKey ? businessKey.map((column) => ({ column })) : primary;
  const keyExpr = pk.length
    ? `jsonb_build_array(${pk.map((k) => `t."${k.column}"`).join(', ')})::text`
    : `md5((to_jsonb(t) - $1::text[])::text)`;
  const { rows } = await c.query<{ k: string; h: string }>(
    `SELECT ${keyExpr} AS k, md5((to_jsonb(t) - $1::text[])::text) AS h FROM "${table}" t`,
    [ignore],
  );
  return new Map(rows.map((r) => [r.k, r.h]));
}

/**
 * Table by table, row by row, without the ignored columns. Rows pair up by primary key, or by a
 * business key given per table (an invoice by its order_id when its id is drawn at random).
 */
export async function diffDatabases(
  live: Client,
  shadow: Client,
  {
    ignoreColumns = [] as string[],
    ignoreTables = bookkeepingTables,
    limit = 20,
    keys = {} as Record<string, string[]>,
  } = {},
): Promise<TableDiff[]> {
  const { rows } = await live.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const diffs: TableDiff[] = [];
  for (const { name } of rows.filter((r) => !ignoreTables.includes(r.name))) {
    const a = await rowHashes(live, name, ignoreColumns, keys[name]);
    const b = await rowHashes(shadow, name, ignoreColumns, keys[name]);
    const onlyLive = [...a.keys()].filter((k) => !b.has(k));
    const onlyShadow = [...b.keys()].filter((k) => !a.has(k));
    const different = [...a.keys()].filter((k) => b.has(k) && a.get(k) !== b.get(k));
    diffs.push({
      table: name,
      liveRows: a.size,
      shadowRows: b.size,
      equal: onlyLive.length + onlyShadow.length + different.length === 0,
      onlyLive: onlyLive.slice(0, limit),
      onlyShadow: onlyShadow.slice(0, limit),
      different: different.slice(0, limit),
    });
  }
  return diffs;
}
