import type { Admin } from 'kafkajs';

export interface PartitionPosition {
  topic: string;
  partition: number;
  /** null when the group has committed nothing for this partition. */
  committed: number | null;
  /** The log start offset (earliest still stored). */
  start: number;
  /** The log end offset (the next offset to be written). */
  end: number;
  /** end - committed, as kafka-consumer-groups reports it; null without a commit. */
  lag: number | null;
}

export interface GroupState {
  groupId: string;
  state: string;
  members: number;
}

/** Committed, start and end offsets of every partition of the topics for one group. */
export async function readPositions(
  admin: Admin,
  groupId: string,
  topics: readonly string[],
): Promise<PartitionPosition[]> {
  const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
  const positions: PartitionPosition[] = [];
  for (const topic of topics) {
    const ends = await admin.fetchTopicOffsets(topic);
    const mine = committed.find((c) => c.topic === topic)?.partitions ?? [];
    for (const p of [...ends].sort((a, b) => a.partition - b.partition)) {
      const raw = Number(mine.find((c) => c.partition === p.partition)?.offset ?? '-1');
      const at = raw >= 0 ? raw : null;
      const end = Number(p.high);
      positions.push({
        topic,
        partition: p.partition,
        committed: at,
        start: Number(p.low),
        end,
        lag: at === null ? null : Math.max(0, end - at),
      });
    }
  }
  return positions;
}

export async function groupState(admin: Admin, groupId: string): Promise<GroupState> {
  const { groups } = await admin.describeGroups([groupId]);
  const g = groups[0];
  return { groupId, state: g?.state ?? 'Dead', members: g?.members.length ?? 0 };
}

/** True when no consumer is in the group, so its offsets may be set from outside. */
export const isEmptyGroup = (g: GroupState) => g.members === 0;

export const totalLag = (positions: readonly PartitionPosition[]) =>
  positions.reduce((sum, p) => sum + (p.lag ?? 0), 0);
