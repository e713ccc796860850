import { DeadLetterHeader, EventHeader } from '@logisync/canonical-events';
import type { JsonObject } from './bindings';

interface HeaderDoc {
  description: string;
  /** Our publishers (outbox relay and createPublisher) always write it; false: only sometimes. */
  required?: boolean;
  format?: string;
}

const eventHeaderDocs: Record<keyof typeof EventHeader, HeaderDoc> = {
  eventId: {
    description: 'meta.eventId; consumers deduplicate on it.',
    required: true,
    format: 'uuid',
  },
  eventType: { description: 'The event type, for routing without decoding.', required: true },
  correlationId: {
    description: 'meta.correlationId: the business flow, normally the orderId.',
    required: true,
  },
  causationId: {
    description: 'meta.causationId: the eventId that caused this one; absent for outside commands.',
    format: 'uuid',
  },
  schemaId: {
    description: 'Registry id of the writer schema, repeated from the Confluent framing.',
    required: true,
  },
  producer: { description: 'The service or client id that wrote the event.', required: true },
  traceparent: { description: 'W3C Trace Context of the producing span, when tracing is on.' },
};

const deadLetterHeaderDocs: Record<keyof typeof DeadLetterHeader, HeaderDoc> = {
  originalTopic: { description: 'Topic the message was consumed from.' },
  originalPartition: { description: 'Partition it was consumed from (decimal).' },
  originalOffset: { description: 'Offset it was consumed at (decimal): replay starts here.' },
  errorClass: {
    description: 'Error class: poison, unknown (attempts spent) or park (could not be parked).',
  },
  errorCode: { description: 'Stable code of the error, e.g. EVENT.UNDECODABLE.' },
  errorMessage: { description: 'The error message, cut to 2000 characters.' },
  attempts: { description: 'How many times the consumer tried to apply it (decimal).' },
  firstFailureAt: { description: 'First failure, ISO 8601 UTC.', format: 'date-time' },
  lastFailureAt: { description: 'Last failure, ISO 8601 UTC.', format: 'date-time' },
  consumer: { description: 'The consuming service (and consumer group) that gave up.' },
  redriveCount: {
    description:
      'How many times an operator re-drove this event (logisync dlq redrive); absent before the first re-drive. The loop guard refuses a re-drive past 3.',
    required: false,
  },
};

function headerSchemas<K extends string>(
  names: Record<K, string>,
  docs: Record<K, HeaderDoc>,
  allRequired: boolean,
): { properties: Record<string, JsonObject>; required: string[] } {
  const properties: Record<string, JsonObject> = {};
  const required: string[] = [];
  for (const key of Object.keys(names) as K[]) {
    const { description, format, required: always } = docs[key];
    properties[names[key]] = { type: 'string', description, ...(format ? { format } : {}) };
    if (always ?? allRequired) required.push(names[key]);
  }
  return { properties, required };
}

/** Kafka headers of an event: UTF-8 strings that repeat what routing and tracing need. */
export function eventHeadersSchema(eventType: string): JsonObject {
  const { properties, required } = headerSchemas(EventHeader, eventHeaderDocs, false);
  properties[EventHeader.eventType] = { ...properties[EventHeader.eventType], const: eventType };
  return { type: 'object', properties, required };
}

/** A dead letter keeps the original headers (event headers when they were there) and adds these. */
export function deadLetterHeadersSchema(): JsonObject {
  const original = headerSchemas(EventHeader, eventHeaderDocs, false).properties;
  const added = headerSchemas(DeadLetterHeader, deadLetterHeaderDocs, true);
  return {
    type: 'object',
    description:
      'The original headers, unchanged (an undecodable message may lack the event headers), plus the dlq-* headers.',
    properties: { ...original, ...added.properties },
    required: added.required,
  };
}
