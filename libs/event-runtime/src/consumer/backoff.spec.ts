import { Backoff } from './backoff';

describe('Backoff', () => {
  it('doubles up to the ceiling, with jitter in the upper half', () => {
    const low = new Backoff(100, 1_000, () => 0);
    expect([low.next(), low.next(), low.next(), low.next(), low.next()]).toEqual([
      50, 100, 200, 400, 500,
    ]);
    const high = new Backoff(100, 1_000, () => 1);
    expect([high.next(), high.next(), high.next(), high.next(), high.next()]).toEqual([
      100, 200, 400, 800, 1_000,
    ]);
  });

  it('starts over after reset and counts attempts', () => {
    const backoff = new Backoff(100, 1_000, () => 1);
    backoff.next();
    backoff.next();
    expect(backoff.attempts).toBe(2);
    backoff.reset();
    expect(backoff.next()).toBe(100);
  });
});
