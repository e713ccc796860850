import { retryWhile, sleep, WorkQueue } from './work-queue';

describe('the work queue', () => {
  it('never runs more tasks at once than its concurrency and keeps failures', async () => {
    const queue = new WorkQueue(2);
    let running = 0;
    let peak = 0;
    for (let i = 0; i < 6; i++) {
      queue.push(`task ${i}`, async () => {
        running++;
        peak = Math.max(peak, running);
        await sleep(5);
        running--;
        if (i === 3) throw new Error('boom');
      });
    }
    await queue.drain();
    expect(peak).toBe(2);
    expect(queue.failures).toEqual([{ what: 'task 3', error: 'boom' }]);
    expect(queue.pending).toBe(0);
  });
});

describe('retryWhile', () => {
  it('retries while the error matches, then returns', async () => {
    let calls = 0;
    const result = await retryWhile(
      async () => {
        if (++calls < 3) throw new Error('not yet');
        return 'done';
      },
      (e) => (e as Error).message === 'not yet',
      { delayMs: 1 },
    );
    expect(result).toBe('done');
    expect(calls).toBe(3);
  });

  it('gives up at once on another error', async () => {
    let calls = 0;
    await expect(
      retryWhile(
        async () => {
          calls++;
          throw new Error('fatal');
        },
        (e) => (e as Error).message === 'not yet',
        { delayMs: 1 },
      ),
    ).rejects.toThrow('fatal');
    expect(calls).toBe(1);
  });
});
