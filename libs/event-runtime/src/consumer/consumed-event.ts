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

/** A decoded event of a transaction's set, as the lock hook sees it. */
export interface ChunkEvent {
  eventType: string;
  event: unknown;
}

/**
 * Runs in a transaction before any of its handlers, with the decoded events of handled types it
 * is about to apply (all partitions of a fetch round). Its job: take every row lock those
 * handlers will need, at once and in one global order, so that transactions running at the same
 * time (another instance of the service, a redelivery, the parked-event sweeper) queue on each
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
