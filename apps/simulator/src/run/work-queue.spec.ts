import { retryWithBackoff, sleep, WorkQueue } from './work-queue';

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

  it('tells after each task, failed or not, with the task no longer pending', async () => {
    const pendingSeen: number[] = [];
    const queue: WorkQueue = new WorkQueue(4, () => pendingSeen.push(queue.pending));
    queue.push('ok', () => sleep(2));
    queue.push('fails', async () => {
      throw new Error('no');
    });
    await queue.drain();
    expect(pendingSeen.sort()).toEqual([0, 1]);
  });
});

describe('sleep', () => {
  it('sets no timer for a pause of 0', async () => {
    jest.useFakeTimers();
    try {
      const pause = sleep(0);
      expect(jest.getTimerCount()).toBe(0);
      await pause;
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('retryWithBackoff', () => {
  const fast = { firstDelayMs: 1, maxDelayMs: 4, giveUpAfterMs: 10_000 };

  it('retries while the error matches, doubling the wait, then returns', async () => {
    let calls = 0;
    const retried: string[] = [];
    const result = await retryWithBackoff(
      async () => {
        if (++calls < 4) throw new Error(`not yet ${calls}`);
        return 'done';
      },
      (e) => (e as Error).message.startsWith('not yet'),
      fast,
      (e) => retried.push((e as Error).message),
    );
    expect(result).toBe('done');
    expect(retried).toEqual(['not yet 1', 'not yet 2', 'not yet 3']);
  });

  it('gives up at once on another error', async () => {
    let calls = 0;
    await expect(
      retryWithBackoff(
        async () => {
          calls++;
          throw new Error('fatal');
        },
        (e) => (e as Error).message === 'not yet',
        fast,
      ),
    ).rejects.toThrow('fatal');
    expect(calls).toBe(1);
  });

  it('gives up with the last error once the next wait would pass the deadline', async () => {
    let calls = 0;
    await expect(
      retryWithBackoff(
        async () => {
          calls++;
          throw new Error('not yet');
        },
        () => true,
        { firstDelayMs: 20, maxDelayMs: 40, giveUpAfterMs: 70 },
      ),
    ).rejects.toThrow('not yet');
    // 20 + 40 = 60 ms waited; a third wait of 40 would end past 70.
    expect(calls).toBe(3);
  });
});
