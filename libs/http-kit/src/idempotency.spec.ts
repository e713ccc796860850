import type { EntityManager } from 'typeorm';
import { claimIdempotencyKey, requestHash } from './idempotency';
import { ProblemException } from './problem';

describe('requestHash', () => {
  it('ignores the order of keys but not values', () => {
    expect(requestHash({ a: 1, b: { c: [1, 2], d: null } })).toBe(
      requestHash({ b: { d: null, c: [1, 2] }, a: 1 }),
    );
    expect(requestHash({ a: 1 })).not.toBe(requestHash({ a: 2 }));
    expect(requestHash({ a: [1, 2] })).not.toBe(requestHash({ a: [2, 1] }));
  });
});

describe('claimIdempotencyKey', () => {
  it('refuses a key longer than 255 characters before touching the database', async () => {
    const tx = { query: jest.fn() } as unknown as EntityManager;
    const error = await claimIdempotencyKey(tx, 'POST /v1/x', 'k'.repeat(256), 'h').catch(
      (e: unknown) => e,
    );
    expect((error as ProblemException).problem).toMatchObject({
      status: 400,
      code: 'IDEMPOTENCY_KEY.INVALID',
    });
    expect(tx.query).not.toHaveBeenCalled();
  });
});
