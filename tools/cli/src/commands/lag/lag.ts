import { topicsConsumedBy, type ServiceName } from '@logisync/canonical-events';
import type { CliContext } from '../../context';
import {
  groupState,
  readPositions,
  totalLag,
  type GroupState,
  type PartitionPosition,
} from '../../kafka/group-positions';
import type { KafkaSession } from '../../kafka/kafka-session';
import { readOutboxAge, type OutboxAge } from './outbox-age';

export interface ServiceLag {
  service: ServiceName;
  group: GroupState;
  totalLag: number;
  partitions: PartitionPosition[];
  outbox: OutboxAge | { error: string };
}

export async function measureLag(
  ctx: CliContext,
  session: KafkaSession,
  services: readonly ServiceName[],
): Promise<ServiceLag[]> {
  const admin = await session.admin();
  const existing = new Set(await admin.listTopics());
  const report: ServiceLag[] = [];
  for (const service of services) {
    const groupId = ctx.groupOf(service);
    const topics = topicsConsumedBy(service)
      .map((t) => ctx.topic(t.name))
      .filter((t) => existing.has(t));
    const partitions = topics.length ? await readPositions(admin, groupId, topics) : [];
    const databaseUrl = ctx.serviceDatabaseUrl(service);
    const outbox = databaseUrl
      ? await readOutboxAge(databaseUrl).catch((e: Error) => ({ error: e.message }))
      : { error: 'no database' };
    report.push({
      service,
      group: await groupState(admin, groupId),
      totalLag: totalLag(partitions),
      partitions,
      outbox,
    });
  }
  return report;
}
