import { subjectCompatibility, type TopicSpec } from '@logisync/canonical-events';
import { kafka, type JsonObject } from './bindings';

export const LOCAL_BROKER = '127.0.0.1:9092';
export const LOCAL_REGISTRY_URL = 'http://127.0.0.1:8081/apis/ccompat/v7';

const wireFormat = (keys: string) => `
logisync keeps orders, warehouse execution, transport and billing in step. Four services (and a
control tower) coordinate only through the versioned Avro milestone events described here.

## Wire format

- **Value**: the Confluent framing: magic byte \`0\`, the writer schema's registry id as a 4-byte
  big-endian integer, then the Avro binary encoding of the event (content type \`avro/binary\`
  below means this framed value). Any Confluent-compatible client in any language can read it.
- **Subjects**: record-name strategy: the subject is the record's full name
  (\`logisync.<domain>.<EventName>\`), so one topic carries many event types.
- **Compatibility**: ${subjectCompatibility} on every subject, enforced by the registry at
  registration and by a check in CI against the previous versions in the repository.
- **Key**: a field of the event as UTF-8 text, partitioned with the Java client's murmur2
  partitioner, so all events with one key keep their order within a topic:
${keys}
  - the original key on dead-letter topics
- **Headers**: UTF-8 strings repeating event type, event id and correlation id for routing and
  tracing without decoding.
- **Envelope**: every event's first field is \`meta\` (\`logisync.common.EventMeta\`): eventId,
  eventType, schemaVersion, occurredAt, recordedAt, producer, correlationId, causationId,
  tenant, region and retractsEventId.
`;

/** One list item per key field: `orderId` on the milestone topics, `trackingNumber` on carrier.events.v1. */
function keysOf(catalogue: readonly TopicSpec[]): string {
  const byKey = new Map<string, string[]>();
  for (const t of catalogue) if (t.key) byKey.set(t.key, [...(byKey.get(t.key) ?? []), t.name]);
  return [...byKey]
    .map(([key, topics]) => `  - \`${key}\` on ${topics.map((t) => `\`${t}\``).join(', ')}`)
    .join('\n');
}

export function infoOf(version: string, catalogue: readonly TopicSpec[]): JsonObject {
  return {
    title: 'logisync',
    version,
    description: wireFormat(keysOf(catalogue)).trim(),
    license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
  };
}

export function serversOf(): JsonObject {
  return {
    local: {
      host: LOCAL_BROKER,
      protocol: 'kafka',
      title: 'Local stack',
      description: `Single-node KRaft broker of \`npm run stack:up\`. Schema registry: Apicurio Registry's Confluent-compatible API at ${LOCAL_REGISTRY_URL}.`,
      bindings: kafka({ schemaRegistryUrl: LOCAL_REGISTRY_URL, schemaRegistryVendor: 'confluent' }),
    },
  };
}
