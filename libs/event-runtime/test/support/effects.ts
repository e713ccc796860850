import type { DataSource } from 'typeorm';

export async function countEffects(ds: DataSource, eventType?: string): Promise<number> {
  const rows: { n: number }[] = eventType
    ? await ds.query('SELECT count(*)::int AS n FROM effect WHERE event_type = $1', [eventType])
    : await ds.query('SELECT count(*)::int AS n FROM effect');
  return rows[0].n;
}

export async function countDistinctEffects(ds: DataSource): Promise<number> {
  const rows: { n: number }[] = await ds.query(
    'SELECT count(DISTINCT event_id)::int AS n FROM effect',
  );
  return rows[0].n;
}

export async function effectOrder(ds: DataSource, orderId: string): Promise<string[]> {
  const rows: { event_type: string }[] = await ds.query(
    'SELECT event_type FROM effect WHERE order_id = $1 ORDER BY id',
    [orderId],
  );
  return rows.map((r) => r.event_type);
}
