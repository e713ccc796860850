import type { TopicSpec } from '@logisync/canonical-events';
import type { JsonObject } from './bindings';

/** The Kafka key of a message: the catalogue's key field of the topics that carry it. */
export function describeKey(topics: readonly TopicSpec[]): JsonObject {
  const fields = [...new Set(topics.map((t) => t.key).filter((k) => k !== null))];
  if (fields.length !== 1) {
    throw new Error(
      `Topics ${topics.map((t) => t.name).join(', ')} disagree on the key field: ${fields.join(', ') || 'none'}`,
    );
  }
  return {
    type: 'string',
    description: `The event's ${fields[0]} as UTF-8 text; every event of one ${fields[0]} keeps its order.`,
  };
}
