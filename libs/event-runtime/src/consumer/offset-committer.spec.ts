import type { EachBatchPayload } from 'kafkajs';
import { silentLogger } from '../logging/runtime-logger';
import { OffsetCommitter } from './offset-committer';

/** A stand-in for kafkajs' batch payload: resolved offsets in, OffsetCommit requests out. */
function fakePayload() {
  const state = { running: true, resolved: '0', committed: '0', fail: false };
  const commits: string[] = [];
  const payload = {
    isRunning: () => state.running,
    uncommittedOffsets: () => ({
      topics:
        state.resolved === state.committed
          ? []
          : [{ topic: 't', partitions: [{ partition: 0, offset: state.resolved }] }],
    }),
    commitOffsetsIfNecessary: async (offsets: {
      topics: { partitions: { offset: string }[] }[];
    }) => {
      if (state.fail) throw new Error('coordinator away');
      const offset = offsets.topics[0].partitions[0].offset;
      commits.push(offset);
      state.committed = offset;
    },
  } as unknown as EachBatchPayload;
  return { state, commits, payload };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('OffsetCommitter', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate'] }));
  afterEach(() => jest.useRealTimers());

  it('commits the first round at once and the rounds of the next interval together', async () => {
    const { state, commits, payload } = fakePayload();
    const committer = new OffsetCommitter(200, silentLogger);
    state.resolved = '10';
    await committer.afterRound(payload);
    await flush();
    expect(commits).toEqual(['10']);
    state.resolved = '20';
    await committer.afterRound(payload);
    state.resolved = '30';
    await committer.afterRound(payload);
    await flush();
    expect(commits).toEqual(['10']);
    jest.advanceTimersByTime(200);
    await flush();
    expect(commits).toEqual(['10', '30']);
  });

  it('sends nothing when nothing new is resolved', async () => {
    const { commits, payload } = fakePayload();
    const committer = new OffsetCommitter(200, silentLogger);
    await committer.afterRound(payload);
    jest.advanceTimersByTime(1_000);
    await flush();
    expect(commits).toEqual([]);
  });

  it('commits at once, and before returning, once stopping', async () => {
    const { state, commits, payload } = fakePayload();
    const committer = new OffsetCommitter(60_000, silentLogger);
    state.resolved = '5';
    await committer.afterRound(payload);
    state.resolved = '7';
    await committer.afterRound(payload);
    await committer.stop();
    expect(commits).toEqual(['5', '7']);
    state.resolved = '9';
    await committer.afterRound(payload);
    expect(commits).toEqual(['5', '7', '9']);
  });

  it('leaves the offsets of a failed commit to the next one', async () => {
    const { state, commits, payload } = fakePayload();
    const committer = new OffsetCommitter(200, silentLogger);
    state.fail = true;
    state.resolved = '3';
    await committer.afterRound(payload);
    await flush();
    expect(commits).toEqual([]);
    state.fail = false;
    jest.advanceTimersByTime(200);
    state.resolved = '4';
    await committer.afterRound(payload);
    await flush();
    expect(commits).toEqual(['4']);
  });
});
