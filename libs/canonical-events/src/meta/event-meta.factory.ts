import { randomUUID } from 'node:crypto';
import type { EventType } from '../generated';
import { schemaDescriptors } from '../generated';
import { nextDerivedEventId } from './derived-ids';

export interface EventMetaInput {
  eventType: EventType;
  producer: string;
  correlationId: string;
  tenant: string;
  region: string;
  /** When it happened in the world; defaults to now. */
  occurredAt?: Date;
  /**
   * The eventId that caused this event; null for a command from outside. While the consumer
   * applies that event, the new event's id is derived from it (see deriveEventIdsWithin).
   */
  causationId?: string | null;
  retractsEventId?: string | null;
  eventId?: string;
  now?: Date;
}

const newestVersion = new Map<string, number>();
for (const d of schemaDescriptors) {
  newestVersion.set(d.eventType, Math.max(d.version, newestVersion.get(d.eventType) ?? 0));
}

/** The meta record every event starts with, at the schema version this build writes. */
export function createEventMeta(input: EventMetaInput) {
  const recordedAt = input.now ?? new Date();
  return {
    eventId:
      input.eventId ??
      nextDerivedEventId(input.producer, input.causationId, input.eventType) ??
      randomUUID(),
    eventType: input.eventType,
    schemaVersion: newestVersion.get(input.eventType) ?? 1,
    occurredAt: input.occurredAt ?? recordedAt,
    recordedAt,
    producer: input.producer,
    correlationId: input.correlationId,
    causationId: input.causationId ?? null,
    tenant: input.tenant,
    region: input.region,
    retractsEventId: input.retractsEventId ?? null,
  };
}
