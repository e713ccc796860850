/** Every use case asks this for the time, so tests can move it (tender timeouts, signatures). */
export interface Clock {
  /** UTC epoch milliseconds. */
  now(): number;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => Date.now() };
