import { usageError } from '../../exit-codes';

/** Where a replay moves a group, in the same four ways kafka-consumer-groups --reset-offsets does. */
export type ReplayTarget =
  | { kind: 'offset'; offset: number }
  | { kind: 'datetime'; at: Date }
  | { kind: 'duration'; iso: string; ms: number }
  | { kind: 'earliest' };

export interface TargetOptions {
  toOffset?: string;
  toDatetime?: string;
  byDuration?: string;
  toEarliest?: boolean;
}

export function parseTarget(o: TargetOptions): ReplayTarget {
  const given = [
    o.toOffset !== undefined,
    o.toDatetime !== undefined,
    o.byDuration !== undefined,
    Boolean(o.toEarliest),
  ].filter(Boolean).length;
  if (given !== 1) {
    throw usageError(
      'Give exactly one of --to-offset, --to-datetime, --by-duration or --to-earliest',
    );
  }
  if (o.toEarliest) return { kind: 'earliest' };
  if (o.toOffset !== undefined) {
    if (!/^\d+$/.test(o.toOffset)) throw usageError(`--to-offset needs a non-negative integer`);
    return { kind: 'offset', offset: Number(o.toOffset) };
  }
  if (o.toDatetime !== undefined) return { kind: 'datetime', at: parseDatetime(o.toDatetime) };
  return { kind: 'duration', iso: o.byDuration!, ms: parseIsoDuration(o.byDuration!) };
}

/** An ISO-8601 instant; one without a zone is read as UTC (kafka-consumer-groups would take the local zone). */
export function parseDatetime(value: string): Date {
  const zoned = /[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`;
  const at = new Date(zoned);
  if (!/^\d{4}-\d\d-\d\d/.test(value) || Number.isNaN(at.getTime())) {
    throw usageError(`--to-datetime needs an ISO-8601 time such as 2026-11-27T01:00:00Z`);
  }
  return at;
}

/** PnDTnHnMnS (weeks too); months and years are refused: their length is ambiguous. */
export function parseIsoDuration(value: string): number {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
    value.toUpperCase(),
  );
  if (!m || value.length < 3 || /T$/i.test(value)) {
    throw usageError(`--by-duration needs an ISO-8601 duration such as PT2H or P1DT30M`);
  }
  const [, w, d, h, min, s] = m.map((x) => (x === undefined ? 0 : Number(x)));
  return ((((w * 7 + d) * 24 + h) * 60 + min) * 60 + s) * 1_000;
}

/** The instant a time-based target points at; null for offset targets. */
export function targetTime(target: ReplayTarget, now: number = Date.now()): number | null {
  if (target.kind === 'datetime') return target.at.getTime();
  if (target.kind === 'duration') return now - target.ms;
  return null;
}

export function describeTarget(target: ReplayTarget): string {
  switch (target.kind) {
    case 'offset':
      return `offset ${target.offset}`;
    case 'datetime':
      return target.at.toISOString();
    case 'duration':
      return `${target.iso} ago`;
    case 'earliest':
      return 'earliest';
  }
}
