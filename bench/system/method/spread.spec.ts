import { spreadOf } from './spread';

describe('spreadOf', () => {
  it('gives min, median, max and the spread relative to the median', () => {
    expect(spreadOf([9, 11, 10])).toEqual({
      n: 3,
      min: 9,
      median: 10,
      max: 11,
      relativeSpread: 0.2,
    });
  });

  it('takes the middle of two for an even count and skips missing values', () => {
    expect(spreadOf([8, undefined, 12])).toMatchObject({ n: 2, median: 10, relativeSpread: 0.4 });
    expect(spreadOf([undefined])).toBeUndefined();
  });
});
