import { createEventMeta, topicSpec, type OperatorActionV1 } from '@logisync/canonical-events';
import { createPublisher, ensureTopics, silentLogger } from '@logisync/event-runtime';
import type { CliContext } from '../context';
import type { KafkaSession } from '../kafka/kafka-session';
import type { OperatorAction } from './audit-store';

export const auditTopic = 'ops.audit.v1';

const outcomes = { succeeded: 'SUCCEEDED', failed: 'FAILED', refused: 'REFUSED' } as const;

export function toOperatorActionEvent(record: OperatorAction): OperatorActionV1 {
  return {
    meta: createEventMeta({
      eventType: 'OperatorAction',
      producer: 'logisync-cli',
      correlationId: record.actionId,
      tenant: 'logisync',
      region: 'global',
      occurredAt: record.at,
    }),
    actionId: record.actionId,
    actor: record.actor,
    command: record.command,
    arguments: record.arguments,
    detailsJson: JSON.stringify(record.details),
    offsetsBeforeJson: JSON.stringify(record.offsetsBefore),
    offsetsAfterJson: JSON.stringify(record.offsetsAfter),
    outcome: outcomes[record.outcome],
    exitCode: record.exitCode,
    error: record.error,
  };
}

/** Writes the action to ops.audit.v1 (creating the topic, registering its schema on first use). */
export async function publishAction(
  ctx: CliContext,
  kafka: KafkaSession,
  record: OperatorAction,
): Promise<void> {
  const admin = await kafka.admin();
  await ensureTopics(admin, [{ ...topicSpec(auditTopic), name: ctx.topic(auditTopic) }]);
  const publisher = await createPublisher({
    ...ctx.kafkaSecurity,
    brokers: ctx.brokers,
    registryUrl: ctx.registryUrl,
    as: 'external',
    clientId: 'logisync-cli',
    autoRegister: true,
    topicName: (name) => ctx.topic(name),
    logger: silentLogger,
  });
  try {
    await publisher.publish('OperatorAction', toOperatorActionEvent(record));
  } finally {
    await publisher.disconnect();
  }
}
