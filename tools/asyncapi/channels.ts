import type { TopicSpec } from '@logisync/canonical-events';
import { kafka, type JsonObject } from './bindings';
import { componentMessageRef } from './ids';
import { DEAD_LETTER_MESSAGE_ID } from './messages';

/** The ids of the messages a topic carries, in catalogue order. */
export function messageIdsOf(topic: TopicSpec): string[] {
  return topic.kind === 'dead-letters' ? [DEAD_LETTER_MESSAGE_ID] : [...topic.eventTypes];
}

/** The producing service, or `outside publishers` for an external topic. */
export function writerOf(topic: TopicSpec): string {
  return topic.producer === 'external' ? 'outside publishers' : topic.producer;
}

function describe(topic: TopicSpec): string {
  const readers = topic.consumers.length ? topic.consumers.join(', ') : 'operators (re-drive)';
  const key = topic.key
    ? `Key: ${topic.key}.`
    : 'Key: the original key of the dead-lettered message.';
  return `${topic.description} ${key} Written by ${writerOf(topic)}; read by ${readers}.`;
}

export function channelOf(topic: TopicSpec): JsonObject {
  const messages = Object.fromEntries(
    messageIdsOf(topic).map((id) => [id, componentMessageRef(id)]),
  );
  return {
    address: topic.name,
    title: topic.name,
    description: describe(topic),
    messages,
    tags: [{ name: topic.kind }],
    bindings: kafka({
      topic: topic.name,
      partitions: topic.partitions,
      topicConfiguration: {
        'cleanup.policy': [topic.cleanupPolicy],
        'retention.ms': topic.retentionMs,
      },
    }),
  };
}
