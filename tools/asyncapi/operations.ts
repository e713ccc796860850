import { consumerGroupOf, type TopicSpec } from '@logisync/canonical-events';
import { constantString, kafka, type JsonObject } from './bindings';
import { channelMessageRef, channelRef, receiveOperationId, sendOperationId } from './ids';
import { messageIdsOf, writerOf } from './channels';

function messagesOf(topic: TopicSpec): { $ref: string }[] {
  return messageIdsOf(topic).map((id) => channelMessageRef(topic.name, id));
}

const howWritten: Record<TopicSpec['kind'], string> = {
  milestones: 'through its transactional outbox, in order, with an idempotent producer (acks=all)',
  'dead-letters': 'when a message cannot be applied, before committing its offset',
  external:
    'with any Confluent-compatible Avro serializer, e.g. the typed publisher of libs/canonical-events',
  operations:
    'by the logisync CLI after every mutating command, beside its row in the ops database',
};

function sendOperation(topic: TopicSpec): [string, JsonObject] {
  return [
    sendOperationId(topic.producer, topic.name),
    {
      action: 'send',
      channel: channelRef(topic.name),
      summary: `Written by ${writerOf(topic)}`,
      description: `Written by ${writerOf(topic)} ${howWritten[topic.kind]}.`,
      messages: messagesOf(topic),
      'x-producer': topic.producer,
    },
  ];
}

function receiveOperation(topic: TopicSpec, consumer: TopicSpec['consumers'][number]) {
  const group = consumerGroupOf(consumer);
  const operation: JsonObject = {
    action: 'receive',
    channel: channelRef(topic.name),
    summary: `Read by ${consumer}`,
    description: `${consumer} applies each event idempotently (inbox) and commits the offset after its transaction; events it has no reaction for are skipped.`,
    messages: messagesOf(topic),
    bindings: kafka({ groupId: constantString(group, 'One consumer group per service.') }),
    'x-consumer': consumer,
  };
  return [receiveOperationId(consumer, topic.name), operation] as const;
}

/** The producer's send, then each consumer's receive, topic by topic in catalogue order. */
export function operationsOf(catalogue: readonly TopicSpec[]): Record<string, JsonObject> {
  return Object.fromEntries(
    catalogue.flatMap((topic) => [
      sendOperation(topic),
      ...topic.consumers.map((consumer) => receiveOperation(topic, consumer)),
    ]),
  );
}
