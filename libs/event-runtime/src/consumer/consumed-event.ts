import type { HeaderMap } from '@logisync/canonical-events';
import type { EntityManager } from 'typeorm';

/** Where an event came from and what it is, without its body. */
export interface EventEnvelope {
  eventType: string;
  eventId: string;
  correlationId: string;
  key: string | null;
  topic: string;
  partition: number;
  offset: string;
  headers: HeaderMap;
  traceparent?: string;
}

/** What a handler receives beside the typed event: the envelope and the open transaction. */
export interface HandlerContext extends EventEnvelope {
  /** The transaction the inbox row, the state change and any outbox rows share. */
  tx: EntityManager;
}

export type EventHandler<E = unknown> = (event: E, ctx: HandlerContext) => Promise<void>;

export type HandlerTable = ReadonlyMap<string, EventHandler<never>>;

/** A raw Kafka message as the applier needs it; parked events are rebuilt into the same shape. */
export interface RawMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | string | null;
  value: Buffer | null;
  headers: HeaderMap;
}
