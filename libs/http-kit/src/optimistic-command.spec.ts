import { STALE, untilWritten } from './optimistic-command';
import { ProblemException } from './problem';

describe('untilWritten', () => {
  it('reads and writes again while the write finds the state changed', async () => {
    const outcomes = [STALE, STALE, 'done'] as const;
    let attempts = 0;
    expect(await untilWritten(async () => outcomes[attempts++])).toBe('done');
    expect(attempts).toBe(3);
  });

  it('starts over after a key taken meanwhile or a deadlock', async () => {
    const errors = [
      { driverError: { code: '23505', constraint: 'idempotency_key_pkey' } },
      { driverError: { code: '40P01' } },
    ];
    let attempts = 0;
    const result = await untilWritten(async () => {
      const error = errors[attempts++];
      if (error) throw error;
      return 'written';
    });
    expect(result).toBe('written');
    expect(attempts).toBe(3);
  });

  it('passes any other error on at once', async () => {
    let attempts = 0;
    const failing = untilWritten(async () => {
      attempts += 1;
      throw Object.assign(new Error('unique'), { code: '23505', constraint: 'other_pkey' });
    });
    await expect(failing).rejects.toThrow('unique');
    expect(attempts).toBe(1);
  });

  it('gives up with a 409 on a row that keeps changing', async () => {
    let attempts = 0;
    const error = await untilWritten(async () => {
      attempts += 1;
      return STALE;
    }).catch((e: unknown) => e);
    expect((error as ProblemException).problem).toMatchObject({
      status: 409,
      code: 'REQUEST.CONCURRENT_UPDATE',
    });
    expect(attempts).toBe(8);
  });
});
