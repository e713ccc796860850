import { RunCompletion, type RunEnd, type RunState } from './run-completion';

describe('the run completion', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function completion(stallMs = 1_000) {
    let state: RunState = 'running';
    const run = new RunCompletion(() => state, stallMs);
    let end: RunEnd | undefined;
    void run.ended.then((e) => (end = e));
    return {
      run,
      set: (s: RunState) => (state = s),
      end: async () => {
        await Promise.resolve();
        return end;
      },
    };
  }

  it('ends when the state says finished at the next thing that happens, not before the start', async () => {
    const { run, set, end } = completion();
    set('finished');
    run.moved();
    expect(await end()).toBeUndefined();
    run.start();
    expect(await end()).toBe('finished');
  });

  it('ends on failed calls as soon as a check sees them', async () => {
    const { run, set, end } = completion();
    run.start();
    run.check();
    expect(await end()).toBeUndefined();
    set('calls failed');
    run.check();
    expect(await end()).toBe('calls failed');
    set('finished');
    run.check();
    expect(await end()).toBe('calls failed');
  });

  it('stalls only after the timeout without a move, and each move starts the clock again', async () => {
    const { run, end } = completion(1_000);
    run.start();
    jest.advanceTimersByTime(800);
    run.moved();
    jest.advanceTimersByTime(800);
    expect(await end()).toBeUndefined();
    jest.advanceTimersByTime(199);
    expect(await end()).toBeUndefined();
    jest.advanceTimersByTime(1);
    expect(await end()).toBe('stalled');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('clears its watchdog when the run finishes', async () => {
    const { run, set, end } = completion();
    run.start();
    expect(jest.getTimerCount()).toBe(1);
    set('finished');
    run.check();
    expect(await end()).toBe('finished');
    expect(jest.getTimerCount()).toBe(0);
  });
});
