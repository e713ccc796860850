/** The spread of one figure over the repeated runs of a step. Pure. */
export interface Spread {
  n: number;
  min: number;
  median: number;
  max: number;
  /** (max - min) / median: 0.1 means the runs moved by 10 % of their median. */
  relativeSpread: number | undefined;
}

export function spreadOf(values: readonly (number | undefined)[]): Spread | undefined {
  const v = values.filter((x): x is number => x !== undefined && Number.isFinite(x));
  if (v.length === 0) return undefined;
  const sorted = [...v].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  const min = sorted[0];
  const max = sorted[sorted.length - 1];
  return {
    n: sorted.length,
    min,
    median,
    max,
    relativeSpread: median !== 0 ? (max - min) / Math.abs(median) : undefined,
  };
}
