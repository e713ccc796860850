export type Cell = string | number | boolean | null | undefined;
export type Row = Record<string, Cell>;

export interface Column {
  key: string;
  header?: string;
  align?: 'left' | 'right';
}

const text = (cell: Cell): string => (cell === null || cell === undefined ? '-' : String(cell));

/** A plain-text table for people: a header, a rule, numbers aligned right. */
export function renderTable(rows: readonly Row[], columns?: readonly Column[]): string {
  const given: readonly Column[] = columns ?? Object.keys(rows[0] ?? {}).map((key) => ({ key }));
  const cols: Column[] = given.map((c) => ({
    ...c,
    header: c.header ?? c.key,
    align: c.align ?? (rows.every((r) => typeof r[c.key] !== 'string') ? 'right' : 'left'),
  }));
  if (rows.length === 0) return '(none)';
  const widths = cols.map((c) =>
    Math.max(c.header!.length, ...rows.map((r) => text(r[c.key]).length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) =>
        cols[i].align === 'right' ? cell.padStart(widths[i]) : cell.padEnd(widths[i]),
      )
      .join('  ')
      .trimEnd();
  return [
    line(cols.map((c) => c.header!)),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(cols.map((c) => text(r[c.key])))),
  ].join('\n');
}
