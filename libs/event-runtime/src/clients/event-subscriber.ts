import {
  ConfluentSchemaRegistryAdapter,
  EventCodec,
  EventHeader,
  readHeaders,
  type EventType,
  type EventTypeMap,
  type HeaderMap,
} from '@logisync/canonical-events';
import type { Consumer } from 'kafkajs';
import { createKafka, type KafkaSecurity } from '../kafka/kafka-client';
import type { RuntimeLogger } from '../logging/runtime-logger';

export interface SubscriberOptions extends KafkaSecurity {
  brokers: string[];
  registryUrl: string;
  groupId: string;
  topics: string[];
  fromBeginning?: boolean;
  /**
   * Start every partition at the first event written at or after this time (epoch ms), whatever
   * the group committed before: a simulator or a probe that only cares about what happens next.
   * Such a subscriber commits no offsets.
   */
  fromTimestamp?: number;
  clientId?: string;
  /**
   * Sees each message's key and headers before it is decoded; false skips it undecoded (a
   * subscriber that follows only some keys, or counts some types from their headers alone).
   */
  beforeDecode?: (message: HeaderMessage) => boolean;
  /** Called for a message that cannot be decoded; the subscriber moves on. */
  onUndecodable?: (
    error: unknown,
    where: { topic: string; partition: number; offset: string },
  ) => void;
  logger?: RuntimeLogger;
}

export interface EventMessage<T> {
  event: T;
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  headers: HeaderMap;
}

/** A message seen through its key and headers only, before it is decoded. */
export interface HeaderMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  headers: HeaderMap;
  /** The Kafka timestamp, epoch ms. */
  timestamp: number;
}

type Listener = (message: EventMessage<never>) => Promise<void> | void;

async function seekToTimestamp(
  kafka: ReturnType<typeof createKafka>,
  consumer: Consumer,
  topics: string[],
  timestamp: number,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (const topic of topics) {
      // A partition with nothing at or after the time answers -1: start at its end.
      const byTime = await admin.fetchTopicOffsetsByTimestamp(topic, timestamp);
      const ends = await admin.fetchTopicOffsets(topic);
      for (const { partition, offset } of byTime) {
        const end = ends.find((e) => e.partition === partition)?.offset ?? '0';
        consumer.seek({ topic, partition, offset: offset === '-1' ? end : offset });
      }
    }
  } finally {
    await admin.disconnect();
  }
}

/**
 * A typed consumer for subscribers outside logisync (a data team, a customer portal).
 * It is at-least-once and keeps no inbox: make listeners idempotent, or use the services'
 * consumer runner. Decoding is most of what it costs, so the `event-type` header is read first:
 * a message of a type no listener wants is never decoded (one without the header is decoded
 * and routed by its decoded type).
 */
export function createSubscriber(options: SubscriberOptions) {
  const kafka = createKafka({ ...options, clientId: options.clientId ?? options.groupId });
  const codec = new EventCodec(new ConfluentSchemaRegistryAdapter({ url: options.registryUrl }));
  const consumer = kafka.consumer({ groupId: options.groupId, allowAutoTopicCreation: false });
  const listeners = new Map<string, Listener[]>();

  return {
    on<T extends EventType>(
      eventType: T,
      listener: (message: EventMessage<EventTypeMap[T]>) => Promise<void> | void,
    ) {
      listeners.set(eventType, [...(listeners.get(eventType) ?? []), listener as Listener]);
      return this;
    },
    async run(): Promise<void> {
      await consumer.connect();
      await consumer.subscribe({
        topics: options.topics,
        fromBeginning: options.fromBeginning ?? true,
      });
      await consumer.run({
        // From a timestamp the start is sought on every run, whatever the group committed:
        // committing would only cost an OffsetCommit request per partition batch read.
        autoCommit: options.fromTimestamp === undefined,
        eachMessage: async ({ topic, partition, message }) => {
          // The seek below lands once the group has its partitions; what was fetched before it
          // from further back is skipped here.
          if (
            options.fromTimestamp !== undefined &&
            Number(message.timestamp) < options.fromTimestamp
          ) {
            return;
          }
          const seen: HeaderMessage = {
            topic,
            partition,
            offset: message.offset,
            key: message.key?.toString() ?? null,
            headers: readHeaders(message.headers),
            timestamp: Number(message.timestamp),
          };
          if (options.beforeDecode?.(seen) === false) return;
          const eventType = seen.headers[EventHeader.eventType];
          if (eventType !== undefined && !listeners.has(eventType)) return;
          let decoded;
          try {
            decoded = await codec.decode(message.value);
          } catch (error) {
            options.onUndecodable?.(error, { topic, partition, offset: message.offset });
            return;
          }
          const { timestamp: _timestamp, ...where } = seen;
          const envelope = { event: decoded.event as never, ...where };
          for (const listener of listeners.get(decoded.eventType) ?? []) await listener(envelope);
        },
      });
      if (options.fromTimestamp !== undefined) {
        await seekToTimestamp(kafka, consumer, options.topics, options.fromTimestamp);
      }
    },
    stop: () => consumer.disconnect(),
  };
}
