import type { schemaDescriptors, TopicSpec } from '@logisync/canonical-events';
import { kafka, type JsonObject } from './bindings';
import { deadLetterHeadersSchema, eventHeadersSchema } from './headers';
import { titleOf } from './ids';
import { describeKey } from './keys';

/** One version of one event, as libs/canonical-events/src/generated describes it. */
export type EventSchemaDescriptor = (typeof schemaDescriptors)[number];

export const AVRO_SCHEMA_FORMAT = 'application/vnd.apache.avro+json;version=1.9.0';
export const DEAD_LETTER_MESSAGE_ID = 'DeadLetter';

/** Subjects follow the record-name strategy, so one topic can carry many event types. */
const schemaIdInPayload = {
  schemaIdLocation: 'payload',
  schemaIdPayloadEncoding: 'confluent',
  schemaLookupStrategy: 'RecordNameStrategy',
};

/** Every version of one event type, oldest first. */
export function versionsByEventType(
  descriptors: readonly EventSchemaDescriptor[],
): Map<string, EventSchemaDescriptor[]> {
  const byType = new Map<string, EventSchemaDescriptor[]>();
  for (const d of descriptors) byType.set(d.eventType, [...(byType.get(d.eventType) ?? []), d]);
  for (const versions of byType.values()) versions.sort((a, b) => a.version - b.version);
  return byType;
}

function versionNote(versions: readonly EventSchemaDescriptor[]): string {
  const newest = versions[versions.length - 1];
  const older = versions.slice(0, -1).map((v) => `v${v.version}`);
  const olderNote = older.length
    ? ` Older versions still registered under the same subject and still readable: ${older.join(', ')}.`
    : '';
  return `The payload is version ${newest.version} of subject \`${newest.fullName}\`.${olderNote}`;
}

export function eventMessage(
  versions: readonly EventSchemaDescriptor[],
  topics: readonly TopicSpec[],
): JsonObject {
  const newest = versions[versions.length - 1];
  const summary = String(newest.schema.doc ?? titleOf(newest.eventType));
  const onTopics = topics.map((t) => `\`${t.name}\``).join(', ');
  return {
    name: newest.eventType,
    title: titleOf(newest.eventType),
    summary,
    description: `${versionNote(versions)} Carried on ${onTopics}.`,
    tags: [{ name: newest.domain }],
    headers: eventHeadersSchema(newest.eventType),
    payload: { schemaFormat: AVRO_SCHEMA_FORMAT, schema: newest.schema },
    correlationId: {
      description: 'The business flow, normally the orderId (meta.correlationId).',
      location: '$message.header#/correlation-id',
    },
    bindings: kafka({ key: describeKey(topics), ...schemaIdInPayload }),
    'x-avro-subject': newest.fullName,
    'x-schema-versions': versions.map((v) => v.version),
  };
}

export function deadLetterMessage(): JsonObject {
  return {
    name: DEAD_LETTER_MESSAGE_ID,
    title: 'Dead letter',
    summary:
      'A message a consumer could not apply, kept byte for byte for inspection and re-drive.',
    description:
      'Key, value and headers are the original ones; the value is usually a Confluent-framed Avro event (see the event messages), but may be undecodable, which is often why it is here. The dlq-* headers say where it came from and why it failed.',
    contentType: 'application/octet-stream',
    headers: deadLetterHeadersSchema(),
    payload: {
      type: 'string',
      format: 'binary',
      description: 'The original record value, unchanged.',
    },
    bindings: kafka({
      key: { type: 'string', description: 'The original record key, unchanged.' },
    }),
  };
}
