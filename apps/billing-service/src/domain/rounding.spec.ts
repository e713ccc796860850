import { applyBasisPoints, divideRoundingHalfAwayFromZero } from './rounding';

describe('rounding: half away from zero', () => {
  it.each([
    // [numerator, denominator, expected]
    [5n, 10n, 1n], // exactly .5 rounds up (half to even would give 0)
    [15n, 10n, 2n],
    [25n, 10n, 3n], // exactly 2.5 -> 3 (half to even would give 2)
    [24n, 10n, 2n],
    [26n, 10n, 3n],
    [-25n, 10n, -3n], // symmetric for credits
    [-24n, 10n, -2n],
    [0n, 10n, 0n],
    [20n, 10n, 2n],
  ])('%s / %s = %s', (numerator, denominator, expected) => {
    expect(divideRoundingHalfAwayFromZero(numerator, denominator)).toBe(expected);
  });

  it('rejects a non-positive denominator', () => {
    expect(() => divideRoundingHalfAwayFromZero(1n, 0n)).toThrow(RangeError);
  });

  it('rounds basis-point products at the .5 boundary', () => {
    expect(applyBasisPoints(150, 1900)).toBe(29); // 28.5 -> 29
    expect(applyBasisPoints(250, 1900)).toBe(48); // 47.5 -> 48
    expect(applyBasisPoints(50, 1000)).toBe(5); // 5.0 exactly
    expect(applyBasisPoints(5, 1000)).toBe(1); // 0.5 -> 1
    expect(applyBasisPoints(4, 1000)).toBe(0); // 0.4 -> 0
    expect(applyBasisPoints(149, 1900)).toBe(28); // 28.31 -> 28
    expect(applyBasisPoints(1, 5000)).toBe(1); // 0.5 -> 1
  });

  it('stays exact beyond 2^53 intermediate products', () => {
    // 4.5e15 x 1900 is far beyond 2^53, where a double would lose the last digits.
    const safe = 4_500_000_000_000_005;
    expect(applyBasisPoints(safe, 1900)).toBe(855_000_000_000_001);
  });
});
