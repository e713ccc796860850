import type { PartitionPosition } from '../../kafka/group-positions';
import { planReplay, selectPartitions } from './replay-plan';
import { parseIsoDuration, parseTarget, targetTime } from './replay-target';

const pos = (partition: number, committed: number | null, start: number, end: number) =>
  ({ topic: 't', partition, committed, start, end, lag: null }) as PartitionPosition;

describe('replay targets', () => {
  it('parses ISO-8601 durations and refuses months', () => {
    expect(parseIsoDuration('PT2H')).toBe(7_200_000);
    expect(parseIsoDuration('P1DT30M')).toBe(86_400_000 + 1_800_000);
    expect(parseIsoDuration('PT1.5S')).toBe(1_500);
    expect(() => parseIsoDuration('P1M2')).toThrow(/ISO-8601/);
    expect(() => parseIsoDuration('2h')).toThrow(/ISO-8601/);
    expect(() => parseIsoDuration('PT')).toThrow(/ISO-8601/);
  });

  it('needs exactly one target', () => {
    expect(() => parseTarget({})).toThrow(/exactly one/);
    expect(() => parseTarget({ toEarliest: true, toOffset: '3' })).toThrow(/exactly one/);
    expect(parseTarget({ toOffset: '3' })).toEqual({ kind: 'offset', offset: 3 });
    expect(() => parseTarget({ toOffset: '-1' })).toThrow(/non-negative/);
    expect(() => parseTarget({ toDatetime: 'yesterday' })).toThrow(/ISO-8601/);
  });

  it('reads a zoneless time as UTC and a duration back from now', () => {
    const t = parseTarget({ toDatetime: '2026-11-27T01:00:00' });
    expect(targetTime(t)).toBe(Date.UTC(2026, 10, 27, 1));
    expect(targetTime(parseTarget({ byDuration: 'PT1H' }), 10_000_000)).toBe(
      10_000_000 - 3_600_000,
    );
  });
});

describe('planReplay', () => {
  const positions = [pos(0, 10, 2, 12), pos(1, 5, 0, 5), pos(2, null, 0, 4)];

  it('moves to the log start for earliest and counts what is read again', () => {
    const plan = planReplay(positions, { kind: 'earliest' });
    expect(plan.partitions.map((p) => [p.target, p.redeliver])).toEqual([
      [2, 8],
      [0, 5],
      [0, 0],
    ]);
    expect(plan.redeliver).toBe(13);
  });

  it('clamps an offset to the log and reports a move forward as skipped events', () => {
    const plan = planReplay(positions, { kind: 'offset', offset: 7 });
    expect(plan.partitions.map((p) => [p.target, p.redeliver, p.skip])).toEqual([
      [7, 3, 0],
      [5, 0, 0],
      [4, 0, 0],
    ]);
    expect(planReplay([pos(0, 3, 0, 9)], { kind: 'offset', offset: 6 }).skip).toBe(3);
  });

  it('takes the first offset at the time, or the end when nothing was written after it', () => {
    const byTime = new Map([
      ['t:0', 6],
      ['t:1', -1],
    ]);
    const plan = planReplay(positions.slice(0, 2), { kind: 'datetime', at: new Date(0) }, byTime);
    expect(plan.partitions.map((p) => p.target)).toEqual([6, 5]);
  });

  it('keeps only the partitions asked for', () => {
    expect(selectPartitions(positions, [0, 2]).map((p) => p.partition)).toEqual([0, 2]);
    expect(selectPartitions(positions, undefined)).toHaveLength(3);
  });
});
