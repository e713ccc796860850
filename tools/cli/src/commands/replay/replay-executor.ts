import type { Admin } from 'kafkajs';
import { CliError, ExitCode, refused } from '../../exit-codes';
import { groupState, readPositions, type PartitionPosition } from '../../kafka/group-positions';
import type { Progress } from '../../output/output';
import type { ConsumerAdminClient } from '../../services/consumer-admin.client';
import type { ReplayPlan } from './replay-plan';

export type ReplayMode = 'service-endpoint' | 'kafka-admin';

export interface ReplayExecution {
  mode: ReplayMode;
  before: PartitionPosition[];
  after: PartitionPosition[];
  drained: boolean;
}

interface ExecuteOptions {
  admin: Admin;
  groupId: string;
  topics: string[];
  plan: ReplayPlan;
  service: ConsumerAdminClient;
  progress: (total: number) => Progress;
  /** How long to wait for the lag to return to 0 after resuming. */
  drainTimeoutMs: number;
  onMode?: (mode: ReplayMode) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const key = (p: { topic: string; partition: number }) => `${p.topic}:${p.partition}`;

/**
 * Moves the group. With the service up: pause its consumer, wait until in-flight batches have
 * committed, seek every partition, check the commits, resume, and follow the lag back to 0.
 * With the service down the group must be empty: offsets are set through the admin API and the
 * service re-reads when it starts.
 */
export async function executeReplay(o: ExecuteOptions): Promise<ReplayExecution> {
  const status = await o.service.probe();
  const group = await groupState(o.admin, o.groupId);
  if (status && status.groupId === o.groupId && status.running) {
    if (group.members > 1) {
      throw refused(
        `${o.groupId} has ${group.members} members and the endpoint pauses only one; scale the service to one instance or stop it`,
      );
    }
    o.onMode?.('service-endpoint');
    return viaServiceEndpoint(o);
  }
  if (group.members > 0) {
    throw refused(
      `${o.groupId} has ${group.members} live members but no admin endpoint answers at ${o.service.baseUrl}; stop the consumers or make the endpoint reachable`,
    );
  }
  o.onMode?.('kafka-admin');
  return viaKafkaAdmin(o);
}

async function viaServiceEndpoint(o: ExecuteOptions): Promise<ReplayExecution> {
  await o.service.pause();
  try {
    const before = await settledPositions(o);
    const moves = o.plan.partitions.filter((p) => p.committed !== p.target);
    for (let attempt = 1; ; attempt++) {
      for (const m of moves) await o.service.seek(m.topic, m.partition, m.target);
      const now = await readPositions(o.admin, o.groupId, o.topics);
      const wrong = moves.filter((m) => now.find((p) => key(p) === key(m))?.committed !== m.target);
      if (wrong.length === 0) break;
      if (attempt === 3) {
        throw new CliError(`offsets did not stick on ${wrong.map(key).join(', ')}`);
      }
      await sleep(500);
    }
    await o.service.resume();
    const { after, drained } = await followLag(o);
    return { mode: 'service-endpoint', before, after, drained };
  } catch (error) {
    await o.service.resume().catch(() => undefined);
    throw error;
  }
}

/** A paused consumer may still be finishing a batch: wait until its commits stop moving. */
async function settledPositions(o: ExecuteOptions): Promise<PartitionPosition[]> {
  let last = '';
  let same = 0;
  for (let i = 0; i < 60; i++) {
    const positions = await readPositions(o.admin, o.groupId, o.topics);
    const now = JSON.stringify(positions.map((p) => p.committed));
    same = now === last ? same + 1 : 0;
    if (same >= 2) return positions;
    last = now;
    await sleep(500);
  }
  throw new CliError('the paused consumer kept committing for 30 s', ExitCode.timeout);
}

async function viaKafkaAdmin(o: ExecuteOptions): Promise<ReplayExecution> {
  const before = await readPositions(o.admin, o.groupId, o.topics);
  for (const topic of o.topics) {
    const partitions = o.plan.partitions
      .filter((p) => p.topic === topic && p.committed !== p.target)
      .map((p) => ({ partition: p.partition, offset: String(p.target) }));
    // Explicit offsets: resetOffsets({ earliest }) would commit the sentinel -2.
    if (partitions.length) await o.admin.setOffsets({ groupId: o.groupId, topic, partitions });
  }
  const after = await readPositions(o.admin, o.groupId, o.topics);
  return { mode: 'kafka-admin', before, after, drained: false };
}

async function followLag(o: ExecuteOptions) {
  const total = o.plan.partitions.reduce((s, p) => s + Math.max(0, p.end - p.target), 0);
  const bar = o.progress(total);
  const deadline = Date.now() + o.drainTimeoutMs;
  for (;;) {
    const positions = await readPositions(o.admin, o.groupId, o.topics);
    const done = o.plan.partitions.reduce((s, m) => {
      const at = positions.find((p) => key(p) === key(m))?.committed ?? m.target;
      return s + Math.min(Math.max(0, at - m.target), Math.max(0, m.end - m.target));
    }, 0);
    const lag = positions.reduce((s, p) => s + (p.lag ?? 0), 0);
    bar.update(done, `lag ${lag}`);
    if (lag === 0 && done >= total) {
      bar.finish('lag 0');
      return { after: positions, drained: true };
    }
    if (Date.now() > deadline) return { after: positions, drained: false };
    await sleep(500);
  }
}
