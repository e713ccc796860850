import { deltaIn, netOfIdle, stepWindow, valueAt } from './step-window';

describe('stepWindow', () => {
  it('runs from the first order to the last invoice', () => {
    expect(stepWindow(1_000, [4_000, 12_500, 9_000])).toEqual({
      start: 1_000,
      end: 12_500,
      seconds: 11.5,
    });
  });

  it('is empty when nothing was invoiced', () => {
    expect(stepWindow(1_000, []).seconds).toBe(0);
  });
});

describe('valueAt', () => {
  const points = [
    { t: 0, value: 10 },
    { t: 1_000, value: 20 },
    { t: 2_000, value: 60 },
  ];

  it('interpolates between the two samples around the time', () => {
    expect(valueAt(points, 500)).toBe(15);
    expect(valueAt(points, 1_500)).toBe(40);
    expect(valueAt(points, 1_000)).toBe(20);
  });

  it('keeps the nearest sample outside their range', () => {
    expect(valueAt(points, -5)).toBe(10);
    expect(valueAt(points, 9_000)).toBe(60);
    expect(valueAt([], 0)).toBeUndefined();
  });

  it('gives the growth inside a window', () => {
    expect(deltaIn(points, { start: 500, end: 1_500, seconds: 1 })).toBe(25);
  });
});

describe('netOfIdle', () => {
  it('takes the idle rate over the window out', () => {
    expect(netOfIdle(30, 0.5, 10)).toBe(25);
  });
});
