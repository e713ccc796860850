import { IdempotencyClaim } from './idempotency-claim';
import { requestHash } from './idempotency';
import { ProblemException } from './problem';

describe('IdempotencyClaim', () => {
  const claim = () => new IdempotencyClaim('POST /v1/x', 'key-1', { a: 1 });

  it('refuses a key longer than 255 characters before any statement is built', () => {
    const error = (() => {
      try {
        return new IdempotencyClaim('POST /v1/x', 'k'.repeat(256), {});
      } catch (e) {
        return e;
      }
    })();
    expect((error as ProblemException).problem).toMatchObject({
      status: 400,
      code: 'IDEMPOTENCY_KEY.INVALID',
    });
  });

  it('answers a key stored with the same request with its first answer', () => {
    const found = { hash: requestHash({ a: 1 }), status: 201, body: { id: 'x' }, expired: false };
    expect(claim().storedResponse(found)).toEqual({ status: 201, body: { id: 'x' } });
  });

  it('treats a missing or expired key as free', () => {
    expect(claim().storedResponse(null)).toBeNull();
    const expired = { hash: requestHash({ a: 2 }), status: 201, body: {}, expired: true };
    expect(claim().storedResponse(expired)).toBeNull();
  });

  it('answers 422 for a key stored with another request', () => {
    const found = { hash: requestHash({ a: 2 }), status: 201, body: {}, expired: false };
    expect(() => claim().storedResponse(found)).toThrow(ProblemException);
    try {
      claim().storedResponse(found);
    } catch (e) {
      expect((e as ProblemException).problem.code).toBe('IDEMPOTENCY_KEY.REUSED');
    }
  });

  it('inserts the key with its answer behind the gate, numbering parameters after the caller', () => {
    const params: unknown[] = ['before'];
    const [member] = claim().insertSql(
      params,
      { status: 200, body: { ok: true } },
      'order_written',
    );
    expect(member).toMatch(/^idempotency_claimed AS \(/);
    expect(member).toContain('WHERE EXISTS (SELECT FROM order_written)');
    expect(member).toContain('$2');
    expect(params.slice(1)).toEqual([
      '- POST /v1/x',
      'key-1',
      requestHash({ a: 1 }),
      200,
      JSON.stringify({ ok: true }),
    ]);
  });

  it('knows the unique violation of a key taken by a concurrent request, and only that one', () => {
    const taken = { code: '23505', constraint: 'idempotency_key_pkey' };
    expect(IdempotencyClaim.isTakenBy({ driverError: taken })).toBe(true);
    expect(IdempotencyClaim.isTakenBy(taken)).toBe(true);
    expect(IdempotencyClaim.isTakenBy({ code: '23505', constraint: 'customer_pkey' })).toBe(false);
    expect(IdempotencyClaim.isTakenBy(new Error('x'))).toBe(false);
  });
});
