import { javaCompatiblePartitioner } from '../kafka/kafka-client';
import {
  ConfluentSchemaRegistryAdapter,
  EventCodec,
  EventHeader,
  keyOf,
  topicFor,
  type EventType,
  type EventTypeMap,
  type ServiceName,
} from '@logisync/canonical-events';
import type { Producer } from 'kafkajs';
import { createKafka, type KafkaSecurity } from '../kafka/kafka-client';
import type { RuntimeLogger } from '../logging/runtime-logger';

export interface PublisherOptions extends KafkaSecurity {
  brokers: string[];
  registryUrl: string;
  clientId?: string;
  /** Whose topic to write to: 'external' (carrier platforms: carrier.events.v1) or a service. */
  as?: ServiceName | 'external';
  /** Register schemas on first use; off by default (run npm run schemas:register). */
  autoRegister?: boolean;
  /** Maps a catalogue topic name to the one written to (a test's own topics). */
  topicName?: (catalogueName: string) => string;
  logger?: RuntimeLogger;
}

export interface PublishReceipt {
  topic: string;
  partition: number;
  offset: string;
  schemaId: number;
}

export interface EventPublisher {
  publish<T extends EventType>(
    eventType: T,
    event: EventTypeMap[T],
    options?: { traceparent?: string },
  ): Promise<PublishReceipt>;
  disconnect(): Promise<void>;
}

/**
 * For systems outside logisync (carrier platforms, EDI gateways, test tools): typed, validated,
 * encoded with the same codec the services use, written with an idempotent producer.
 */
export async function createPublisher(options: PublisherOptions): Promise<EventPublisher> {
  const kafka = createKafka({ ...options, clientId: options.clientId ?? 'logisync-publisher' });
  const codec = new EventCodec(new ConfluentSchemaRegistryAdapter({ url: options.registryUrl }), {
    autoRegister: options.autoRegister,
  });
  const producer: Producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: javaCompatiblePartitioner,
  });
  await producer.connect();
  const as = options.as ?? 'external';
  return {
    async publish(eventType, event, { traceparent } = {}) {
      const spec = topicFor(as, eventType);
      const topic = (options.topicName ?? ((n: string) => n))(spec.name);
      const encoded = await codec.encode(eventType, event);
      const meta = (event as unknown as { meta: { eventId: string; correlationId: string } }).meta;
      const headers: Record<string, string> = {
        [EventHeader.eventId]: meta.eventId,
        [EventHeader.eventType]: eventType,
        [EventHeader.correlationId]: meta.correlationId,
        [EventHeader.schemaId]: String(encoded.schemaId),
        [EventHeader.producer]: options.clientId ?? as,
      };
      if (traceparent) headers[EventHeader.traceparent] = traceparent;
      const [record] = await producer.send({
        topic,
        acks: -1,
        messages: [{ key: keyOf(spec, event), value: encoded.value, headers }],
      });
      return {
        topic,
        partition: record.partition,
        offset: record.baseOffset ?? record.offset ?? '',
        schemaId: encoded.schemaId,
      };
    },
    disconnect: () => producer.disconnect(),
  };
}
