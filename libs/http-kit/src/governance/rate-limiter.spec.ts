import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('spends the burst, then refuses with the seconds until a token is back, then refills', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    const limit = { perSecond: 0.5, burst: 2 };
    expect(limiter.take('a', limit)).toBe(0);
    expect(limiter.take('a', limit)).toBe(0);
    expect(limiter.take('a', limit)).toBe(2);
    now = 1_000;
    expect(limiter.take('a', limit)).toBe(1);
    now = 2_000;
    expect(limiter.take('a', limit)).toBe(0);
    expect(limiter.take('a', limit)).toBe(2);
  });

  it('keeps one bucket per client', () => {
    const limiter = new RateLimiter(() => 0);
    const limit = { perSecond: 1, burst: 1 };
    expect(limiter.take('a', limit)).toBe(0);
    expect(limiter.take('a', limit)).toBeGreaterThan(0);
    expect(limiter.take('b', limit)).toBe(0);
  });
});
