import {
  canStillQualify,
  keepsUp,
  keptUpConsecutively,
  maximumRate,
  type StepOutcome,
} from './keeps-up';

const step = (over: Partial<StepOutcome> = {}): StepOutcome => ({
  rate: 10,
  orders: 100,
  flows: 100,
  flowsPerSecond: 9.5,
  lagZeroAfterSeconds: 1,
  invariantsOk: true,
  ...over,
});

describe('keepsUp', () => {
  it('keeps up within 10 % of the rate, lag back at 0 in time, invariants held', () => {
    expect(keepsUp(step(), 10)).toEqual({ keptUp: true, reasons: [] });
    expect(keepsUp(step({ flowsPerSecond: 9.0 }), 10).keptUp).toBe(true);
  });

  it('does not when flows/s is more than 10 % off the rate', () => {
    const v = keepsUp(step({ flowsPerSecond: 8.9 }), 10);
    expect(v.keptUp).toBe(false);
    expect(v.reasons[0]).toMatch(/11 % off 10\/s/);
  });

  it('does not when the lag stays or comes back too late', () => {
    expect(keepsUp(step({ lagZeroAfterSeconds: 10.5 }), 10).reasons).toEqual([
      'lag 0 after 10.5 s > 10 s',
    ]);
    expect(keepsUp(step({ lagZeroAfterSeconds: undefined }), 10).reasons).toEqual([
      'lag never returned to 0',
    ]);
  });

  it('does not when an order was not invoiced or an invariant failed', () => {
    expect(keepsUp(step({ flows: 99 }), 10).reasons).toEqual(['99 of 100 orders invoiced']);
    expect(keepsUp(step({ invariantsOk: false }), 10).reasons).toEqual(['invariants failed']);
  });
});

describe('the maximum', () => {
  it('needs consecutive runs that kept up', () => {
    expect(keptUpConsecutively([true, false, true], 2)).toBe(false);
    expect(keptUpConsecutively([false, true, true], 2)).toBe(true);
    expect(keptUpConsecutively([true], 1)).toBe(true);
  });

  it('is the highest rate that qualifies, not the highest that kept up once', () => {
    const runs = new Map([
      [4, [true, true]],
      [8, [true, true]],
      [12, [true, false]],
      [16, [false]],
    ]);
    expect(maximumRate(runs, 2)).toBe(8);
    expect(maximumRate(new Map([[4, [false, true]]]), 2)).toBeUndefined();
  });

  it('stops running a rate that can no longer qualify', () => {
    expect(canStillQualify([false], 2, 2)).toBe(false);
    expect(canStillQualify([true], 2, 2)).toBe(true);
    expect(canStillQualify([false], 2, 3)).toBe(true);
    expect(canStillQualify([true, false], 2, 3)).toBe(false);
  });
});
