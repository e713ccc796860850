import { quoteFreight } from './freight-quote';
import { isTransportError } from './transport-errors';
import { lane } from './transport.fixtures';

describe('quoteFreight: ceil(grams x ratePerKg / 1000) in minor units', () => {
  it.each([
    [12_345, 100, 1235], // 1234.5 -> 1235
    [12_341, 100, 1235], // 1234.1 -> 1235: the ceiling, never half up
    [1000, 100, 100], // exact: nothing to round
    [1, 1, 1], // a gram still costs a minor unit
    [999, 1, 1],
    [0, 250, 0],
    [12_345, 0, 0],
    [2_500_000, 1_999, 4_997_500],
  ])('%i g at %i per kg -> %i', (grams, rate, expected) => {
    expect(quoteFreight(grams, lane({ ratePerKgMinor: rate }))).toEqual({
      amountMinor: expected,
      currency: 'EUR',
    });
  });

  it('keeps the lane currency', () => {
    expect(quoteFreight(1500, lane({ ratePerKgMinor: 7, currency: 'JPY' }))).toEqual({
      amountMinor: 11, // 10.5 -> 11
      currency: 'JPY',
    });
  });

  it('does not lose precision beyond 2^53 in the product', () => {
    const grams = 9_007_199_254_740; // x 1000 exceeds 2^53
    expect(quoteFreight(grams, lane({ ratePerKgMinor: 1000 })).amountMinor).toBe(grams);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects a weight of %p', (grams) => {
    expect(() => quoteFreight(grams, lane())).toThrow(
      expect.objectContaining({ code: 'TRANSPORT.INVALID_WEIGHT' }),
    );
  });

  it('rejects an amount beyond a safe integer', () => {
    const huge = lane({ ratePerKgMinor: Number.MAX_SAFE_INTEGER });
    let caught: unknown;
    try {
      quoteFreight(10_000, huge);
    } catch (error) {
      caught = error;
    }
    expect(isTransportError(caught, 'TRANSPORT.INVALID_WEIGHT')).toBe(true);
  });
});
