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

/** One event of a set handler's share of a transaction, with where it came from. */
export interface SetEvent<E = unknown> {
  event: E;
  envelope: EventEnvelope;
}

/** What a set handler receives beside its events: the transaction they all share. */
export interface SetHandlerContext {
  tx: EntityManager;
}

/**
 * A set handler applies every event of a transaction it subscribes to in one call: all keys and
 * partitions, each key's events in offset order. It loads what it needs with one statement per
 * table, runs the pure domain functions per key and writes each table once. A failure it can
 * pin on one event it throws as EventInSetError (that event is judged, the rest applied
 * again without it); any other failure splits the set (bisect) until the event stands alone.
 * With `ownInbox` it returns the ids of the events that were new to it.
 */
export type EventSetHandler<E = unknown> = (
  events: readonly SetEvent<E>[],
  ctx: SetHandlerContext,
) => Promise<void | ReadonlySet<string>>;

/** A service's set handler and the types it takes; the runtime reads this, not the handler. */
export interface EventSetDeclaration {
  types: ReadonlySet<string>;
  handle: EventSetHandler<never>;
  /**
   * The handler's own table is its inbox: it records each event once and returns the ids that
   * were new (a projection whose event table has the event id as its key). The runtime then
   * writes no inbox rows for applied events and looks for no parked events; such a handler
   * never parks. A dead-lettered event still gets its inbox row.
   */
  ownInbox: boolean;
}

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
