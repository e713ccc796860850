import type { PartitionPosition } from '../../kafka/group-positions';
import type { ReplayTarget } from './replay-target';

export interface PlannedPartition {
  topic: string;
  partition: number;
  committed: number | null;
  target: number;
  end: number;
  /** Events the group reads again: committed - target when moving back. */
  redeliver: number;
  /** Events the group would never read: target - committed when moving forward. */
  skip: number;
}

export interface ReplayPlan {
  partitions: PlannedPartition[];
  redeliver: number;
  skip: number;
}

/**
 * The new offset of each partition, exactly as kafka-consumer-groups --reset-offsets computes
 * it: an offset is clamped to the log's start and end; a time takes the first offset written at
 * or after it, or the end when nothing was; earliest is the log start.
 */
export function planReplay(
  positions: readonly PartitionPosition[],
  target: ReplayTarget,
  offsetsAtTime: ReadonlyMap<string, number> = new Map(),
): ReplayPlan {
  const partitions = positions.map((p) => {
    const to = targetOffset(p, target, offsetsAtTime.get(`${p.topic}:${p.partition}`));
    return {
      topic: p.topic,
      partition: p.partition,
      committed: p.committed,
      target: to,
      end: p.end,
      redeliver: p.committed === null ? 0 : Math.max(0, p.committed - to),
      skip: p.committed === null ? 0 : Math.max(0, to - p.committed),
    };
  });
  return {
    partitions,
    redeliver: partitions.reduce((s, p) => s + p.redeliver, 0),
    skip: partitions.reduce((s, p) => s + p.skip, 0),
  };
}

function targetOffset(p: PartitionPosition, target: ReplayTarget, atTime?: number): number {
  switch (target.kind) {
    case 'earliest':
      return p.start;
    case 'offset':
      return Math.min(Math.max(target.offset, p.start), p.end);
    default:
      return atTime === undefined || atTime < 0 ? p.end : atTime;
  }
}

/** Keeps the partitions an operator named (--partitions 0,1), or all. */
export function selectPartitions(
  positions: readonly PartitionPosition[],
  partitions: readonly number[] | undefined,
): PartitionPosition[] {
  return partitions ? positions.filter((p) => partitions.includes(p.partition)) : [...positions];
}
