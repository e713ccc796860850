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

/** A decoded event of a chunk, as the chunk hook sees it. */
export interface ChunkEvent {
  eventType: string;
  event: unknown;
}

/**
 * Runs in a chunk's transaction before any of its handlers, with the chunk's decoded events of
 * handled types. Its job: take every row lock the chunk's handlers will need, at once and in one
 * global order, so that chunks of different partitions running concurrently queue on each
 * other instead of deadlocking (a lock a handler takes again later is already held).
 */
export type ChunkLockHook = (tx: EntityManager, events: readonly ChunkEvent[]) => Promise<void>;

/** A raw Kafka message as the applier needs it; parked events are rebuilt into the same shape. */
export interface RawMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | string | null;
  value: Buffer | null;
  headers: HeaderMap;
}
