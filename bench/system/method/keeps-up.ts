/** The rule that decides whether a step kept up, and the maximum it allows. Pure. */

/** How far a step's flows/s may fall below (or rise above) the asked rate and still count. */
export const RATE_TOLERANCE = 0.1;

export interface StepOutcome {
  rate: number;
  orders: number;
  flows: number;
  flowsPerSecond: number;
  /** Seconds from the simulator's exit until every consumer group's lag was 0; undefined: never. */
  lagZeroAfterSeconds: number | undefined;
  invariantsOk: boolean;
}

export interface KeepsUpVerdict {
  keptUp: boolean;
  /** Why not, one phrase per broken condition; empty when it kept up. */
  reasons: string[];
}

/**
 * A step keeps up when its flows/s is within 10 % of the asked rate, every consumer group's lag
 * is back at 0 within `lagLimitSeconds` of the step's end, every order was invoiced and the
 * simulator's invariants held.
 */
export function keepsUp(step: StepOutcome, lagLimitSeconds: number): KeepsUpVerdict {
  const reasons: string[] = [];
  const off = Math.abs(step.flowsPerSecond - step.rate) / step.rate;
  if (!(off <= RATE_TOLERANCE))
    reasons.push(
      `${step.flowsPerSecond.toFixed(2)} flows/s is ${(off * 100).toFixed(0)} % off ${step.rate}/s`,
    );
  if (step.lagZeroAfterSeconds === undefined) reasons.push('lag never returned to 0');
  else if (step.lagZeroAfterSeconds > lagLimitSeconds)
    reasons.push(`lag 0 after ${step.lagZeroAfterSeconds.toFixed(1)} s > ${lagLimitSeconds} s`);
  if (step.flows < step.orders) reasons.push(`${step.flows} of ${step.orders} orders invoiced`);
  if (!step.invariantsOk) reasons.push('invariants failed');
  return { keptUp: reasons.length === 0, reasons };
}

/** True when the runs of one step hold `needed` consecutive runs that kept up. */
export function keptUpConsecutively(keptUp: readonly boolean[], needed: number): boolean {
  let run = 0;
  for (const k of keptUp) {
    run = k ? run + 1 : 0;
    if (run >= needed) return true;
  }
  return false;
}

/**
 * Whether more runs of a step can still give it `needed` consecutive keep-ups: a ramp stops
 * running a rate that cannot qualify any more.
 */
export function canStillQualify(keptUp: readonly boolean[], needed: number, runs: number): boolean {
  if (keptUpConsecutively(keptUp, needed)) return true;
  let tail = 0;
  for (let i = keptUp.length - 1; i >= 0 && keptUp[i]; i--) tail++;
  return tail + (runs - keptUp.length) >= needed;
}

/**
 * The maximum: the highest rate whose runs hold `needed` (two, unless a single run per step was
 * asked for) consecutive keep-ups; undefined when no rate does.
 */
export function maximumRate(
  runsByRate: ReadonlyMap<number, readonly boolean[]>,
  needed: number,
): number | undefined {
  const qualifying = [...runsByRate.entries()]
    .filter(([, runs]) => keptUpConsecutively(runs, needed))
    .map(([rate]) => rate);
  return qualifying.length ? Math.max(...qualifying) : undefined;
}
