/**
 * The window a step is measured over and the counters read at its edges. Pure: the samples are
 * taken by the sampler, the times come from the topics and the order service's database.
 */

/** A monotonic counter (CPU seconds, events, statements) read at time `t` (ms since the epoch). */
export interface CounterPoint {
  t: number;
  value: number;
}

/**
 * From the step's first order (its creation) to its last invoice (the InvoiceIssued's
 * recordedAt): both ends belong to the step, so a step that keeps up at R orders/s for T seconds
 * scores N / (T + the last order's latency), and one that falls behind scores what it completed.
 */
export interface StepWindow {
  start: number;
  end: number;
  seconds: number;
}

export function stepWindow(firstOrderAt: number, invoicedAt: readonly number[]): StepWindow {
  if (invoicedAt.length === 0 || !Number.isFinite(firstOrderAt))
    return { start: firstOrderAt, end: firstOrderAt, seconds: 0 };
  const end = Math.max(...invoicedAt);
  return { start: firstOrderAt, end, seconds: Math.max(0, (end - firstOrderAt) / 1000) };
}

/**
 * A counter's value at `t`, linear between the two samples around it. The sampler reads every
 * counter a few times a second; the edges of a window fall between two reads. Outside the
 * samples' range the nearest sample is the answer (a process that exited keeps its last value).
 */
export function valueAt(points: readonly CounterPoint[], t: number): number | undefined {
  if (points.length === 0) return undefined;
  if (t <= points[0].t) return points[0].value;
  const last = points[points.length - 1];
  if (t >= last.t) return last.value;
  let lo = 0;
  let hi = points.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (points[mid].t <= t) lo = mid;
    else hi = mid;
  }
  const a = points[lo];
  const b = points[hi];
  if (b.t === a.t) return b.value;
  return a.value + ((b.value - a.value) * (t - a.t)) / (b.t - a.t);
}

/** How much a counter grew inside the window. */
export function deltaIn(points: readonly CounterPoint[], window: StepWindow): number | undefined {
  const a = valueAt(points, window.start);
  const b = valueAt(points, window.end);
  return a === undefined || b === undefined ? undefined : b - a;
}

/**
 * What remains of a counter's growth in the window once the system at rest is taken out: `idle`
 * is the counter's rate per second over an idle step of the same run (no orders, the same
 * sampler), scaled to the window's length.
 */
export function netOfIdle(delta: number, idlePerSecond: number, seconds: number): number {
  return delta - idlePerSecond * seconds;
}
