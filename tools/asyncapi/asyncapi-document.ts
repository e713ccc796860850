import type { TopicSpec } from '@logisync/canonical-events';
import type { JsonObject } from './bindings';
import { channelId } from './ids';
import { channelOf } from './channels';
import { infoOf, serversOf } from './info';
import {
  DEAD_LETTER_MESSAGE_ID,
  deadLetterMessage,
  eventMessage,
  versionsByEventType,
  type EventSchemaDescriptor,
} from './messages';
import { operationsOf } from './operations';

export interface AsyncApiSources {
  version: string;
  catalogue: readonly TopicSpec[];
  descriptors: readonly EventSchemaDescriptor[];
}

function byName<T>(entries: [string, T][]): Record<string, T> {
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function messagesOf({ catalogue, descriptors }: AsyncApiSources): Record<string, JsonObject> {
  const versions = versionsByEventType(descriptors);
  const entries = [...versions].map(([eventType, all]): [string, JsonObject] => {
    const topics = catalogue.filter((t) => t.eventTypes.some((e) => e === eventType));
    if (!topics.length) throw new Error(`${eventType} has a schema but no topic in the catalogue`);
    return [eventType, eventMessage(all, topics)];
  });
  for (const topic of catalogue) {
    const missing = topic.eventTypes.filter((e) => !versions.has(e));
    if (missing.length)
      throw new Error(`${topic.name} carries ${missing.join(', ')} with no schema`);
  }
  return byName([...entries, [DEAD_LETTER_MESSAGE_ID, deadLetterMessage()]]);
}

/**
 * The whole AsyncAPI 3.0.0 document. Channels and operations follow the catalogue's order,
 * messages are sorted by name: the same sources always give the same document.
 */
export function buildAsyncApiDocument(sources: AsyncApiSources): JsonObject {
  const { catalogue, version } = sources;
  return {
    asyncapi: '3.0.0',
    id: 'urn:logisync:milestones',
    info: infoOf(version, catalogue),
    defaultContentType: 'avro/binary',
    servers: serversOf(),
    channels: Object.fromEntries(catalogue.map((t) => [channelId(t.name), channelOf(t)])),
    operations: operationsOf(catalogue),
    components: { messages: messagesOf(sources) },
  };
}
