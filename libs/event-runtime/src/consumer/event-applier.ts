import { runInTrace } from '../tracing/trace-context';
import {
  deriveEventIdsWithin,
  EventHeader,
  type EventCodec,
  type ServiceName,
} from '@logisync/canonical-events';
import type { QueryRunner } from 'typeorm';
import { classifyError } from '../errors/classify-error';
import { failpoints } from '../failpoints/failpoints';
import { EventInSetError, PrerequisiteMissingError } from '../errors/handler-errors';
import {
  recordInInbox,
  recordSetInInbox,
  type InboxOutcome,
  type InboxRecord,
} from '../inbox/inbox';
import { forgetDeadLettered, isRedrive } from '../inbox/redrive';
import type { RuntimeLogger } from '../logging/runtime-logger';
import type { RuntimeMetrics } from '../metrics/runtime-metrics';
import { repark, takeAwaiting, unpark, type ParkedRow } from '../parking/parked-events';
import type {
  ChunkEvent,
  ChunkLockHook,
  EventEnvelope,
  EventHandler,
  EventSetDeclaration,
  HandlerTable,
  RawMessage,
} from './consumed-event';
import type { DeadLetterPublisher } from './dead-letter.publisher';
import { EventJudge, type Verdict } from './event-judge';

export type { ApplyFailure, Verdict } from './event-judge';

/** A message decoded before its transaction opens. */
export interface DecodedMessage {
  message: RawMessage;
  envelope: EventEnvelope;
  event: unknown;
}

/** One attempt at a set: committed-to-be, or the message whose handler failed. */
export type SetRun =
  { ok: true; countOutcomes: () => void } | { ok: false; failed: RawMessage; error: unknown };

export interface EventApplierDeps {
  service: ServiceName;
  codec: EventCodec;
  handlers: HandlerTable;
  /** A service either has per-event handlers or one set handler for all its types. */
  eventSet?: EventSetDeclaration;
  deadLetters: DeadLetterPublisher;
  maxUnknownAttempts: number;
  lockChunk?: ChunkLockHook;
  metrics?: RuntimeMetrics;
  logger: RuntimeLogger;
}

const maxUnparkDepth = 8;

/**
 * Applies a set of events inside the caller's transaction (applySet), judges the failure of one
 * of them (judge), and re-applies parked events under a savepoint each (applyParked). Poison goes
 * to the dead-letter topic, a missing prerequisite parks the event, transient failures are
 * retried, unknown ones held back until maxUnknownAttempts.
 */
export class EventApplier {
  private readonly judgement: EventJudge;

  constructor(private readonly deps: EventApplierDeps) {
    if (deps.eventSet && deps.handlers.size > 0) {
      throw new Error(
        `${deps.service} declares a set handler and per-event handlers (${[...deps.handlers.keys()].join(', ')}): ` +
          "a key's events must reach one handler in offset order, so a service has one or the other",
      );
    }
    this.judgement = new EventJudge(deps);
  }

  handles(eventType: string): boolean {
    return this.deps.handlers.has(eventType) || this.deps.eventSet?.types.has(eventType) === true;
  }

  /**
   * False for a message whose `event-type` header names a type no handler subscribes to: it
   * costs no decode and no transaction. Without the header the body decides.
   */
  wants(message: RawMessage): boolean {
    const eventType = message.headers[EventHeader.eventType];
    return eventType === undefined || this.handles(eventType);
  }

  countUnwanted(messages: readonly RawMessage[]): void {
    for (const m of messages) {
      if (!this.wants(m)) this.count(m.headers[EventHeader.eventType], 'ignored');
    }
  }

  /** Decodes outside any transaction; throws what the codec threw (poison or transient). */
  async decode(message: RawMessage): Promise<DecodedMessage> {
    const { eventType, event } = await this.deps.codec.decode(message.value);
    return { message, envelope: this.envelopeOf(message, eventType, event), event };
  }

  /**
   * The fast path for a whole set: no savepoints, one statement for the inbox rows and the parked
   * lookup of all its events, the handlers in order. Events judged by an earlier attempt keep their
   * verdict (parked, or dead-lettered with their inbox row). A handler's failure returns which
   * message failed: the caller rolls back, judges it and tries the set again without it. Any other
   * failure throws. Outcomes are counted only once the caller has committed.
   */
  async applySet(
    qr: QueryRunner,
    items: readonly DecodedMessage[],
    verdicts: ReadonlyMap<RawMessage, Verdict>,
  ): Promise<SetRun> {
    const handled = items.filter((i) => this.handles(i.envelope.eventType));
    const open = handled.filter((i) => !verdicts.has(i.message));
    const ownInbox = this.deps.eventSet?.ownInbox === true;
    await this.runLockHook(
      qr,
      open.map((i) => ({ eventType: i.envelope.eventType, event: i.event })),
    );
    await forgetDeadLettered(
      qr.manager,
      this.deps.service,
      open.filter((i) => isRedrive(i.envelope.headers)).map((i) => i.envelope.eventId),
    );
    const deadLettered = handled.filter((i) => verdicts.get(i.message)?.kind === 'dead-lettered');
    const { fresh, awaited } = await recordSetInInbox(
      qr.manager,
      this.deps.service,
      // Dead-lettered rows first: a second copy of such an event in the set is a duplicate.
      [
        ...deadLettered.map((i) => this.inboxRecord(i.envelope, 'dead_lettered')),
        ...(ownInbox ? [] : open.map((i) => this.inboxRecord(i.envelope, 'applied'))),
      ],
      ownInbox ? [] : [...new Set(open.map((i) => i.envelope.key).filter((k) => k !== null))],
    );
    // The handler's own table tells new from seen; the runtime lets each id through once.
    if (ownInbox) open.forEach((i) => fresh.add(i.envelope.eventId));
    if (this.deps.eventSet) return this.applyWithSetHandler(qr, items, verdicts, fresh, awaited);
    const outcomes: [string, string][] = [];
    for (const { message, envelope, event } of items) {
      const outcome = await this.applyInSet(qr, message, envelope, event, verdicts, fresh, awaited);
      if (typeof outcome !== 'string') return { ok: false, failed: message, error: outcome.error };
      outcomes.push([envelope.eventType, outcome]);
    }
    return {
      ok: true,
      countOutcomes: () => outcomes.forEach(([type, outcome]) => this.count(type, outcome)),
    };
  }

  /**
   * The set handler's turn: verdicts and duplicates are settled per event first (a parked event
   * is stored where it stands), then every event left goes to the handler in one call, in set
   * order. Parked events awaiting one of them are applied after it, as on the per-event path.
   */
  private async applyWithSetHandler(
    qr: QueryRunner,
    items: readonly DecodedMessage[],
    verdicts: ReadonlyMap<RawMessage, Verdict>,
    fresh: Set<string>,
    awaited: Set<string>,
  ): Promise<SetRun> {
    const outcomes = new Map<DecodedMessage, string>();
    const toApply: DecodedMessage[] = [];
    for (const item of items) {
      const { message, envelope } = item;
      const verdict = verdicts.get(message);
      if (!this.handles(envelope.eventType)) outcomes.set(item, 'ignored');
      else if (verdict?.kind === 'dead-lettered') outcomes.set(item, 'dead_lettered');
      else if (verdict?.kind === 'park') {
        await this.judgement.park(qr, message, envelope, verdict.error);
        awaited.add(`${verdict.error.awaitingEventType} ${verdict.error.awaitingKey}`);
        outcomes.set(item, 'parked');
      } else if (!fresh.delete(envelope.eventId)) outcomes.set(item, 'duplicate');
      else toApply.push(item);
    }
    let seenFirst: ReadonlySet<string> | undefined;
    try {
      seenFirst = await this.runSetHandler(toApply, qr);
    } catch (error) {
      if (!(error instanceof EventInSetError)) throw error;
      const failed = toApply.find((i) => i.envelope.eventId === error.eventId);
      if (!failed) throw error;
      return { ok: false, failed: failed.message, error: error.failure };
    }
    for (const item of toApply) {
      const isNew = !this.deps.eventSet!.ownInbox || seenFirst?.has(item.envelope.eventId);
      outcomes.set(item, isNew ? 'applied' : 'duplicate');
      const { eventType, key } = item.envelope;
      if (isNew && key !== null && awaited.has(`${eventType} ${key}`)) {
        for (const row of await takeAwaiting(qr.manager, this.deps.service, eventType, key)) {
          await this.applyParked(qr, row, 1);
        }
      }
    }
    return {
      ok: true,
      countOutcomes: () =>
        items.forEach((i) => this.count(i.envelope.eventType, outcomes.get(i) ?? 'ignored')),
    };
  }

  private async runSetHandler(
    items: readonly Omit<DecodedMessage, 'message'>[],
    qr: QueryRunner,
  ): Promise<ReadonlySet<string> | undefined> {
    if (items.length === 0) return new Set();
    for (const { envelope } of items) {
      await failpoints.beforeHandler(this.deps.service, envelope.eventType, envelope.eventId);
    }
    const stopTimer = this.deps.metrics?.processingSeconds.startTimer({
      service: this.deps.service,
      event_type: 'EventSet',
    });
    const events = items.map(({ event, envelope }) => ({ event: event as never, envelope }));
    // Events the handler emits get ids derived from the event that caused them.
    const seen = await deriveEventIdsWithin(
      items.map((i) => i.envelope.eventId),
      () => this.deps.eventSet!.handle(events, { tx: qr.manager }),
    );
    stopTimer?.();
    return seen ?? undefined;
  }

  private async applyInSet(
    qr: QueryRunner,
    message: RawMessage,
    envelope: EventEnvelope,
    event: unknown,
    verdicts: ReadonlyMap<RawMessage, Verdict>,
    fresh: Set<string>,
    awaited: Set<string>,
  ): Promise<string | { error: unknown }> {
    const handler = this.deps.handlers.get(envelope.eventType) as EventHandler | undefined;
    if (!handler) return 'ignored';
    const verdict = verdicts.get(message);
    if (verdict?.kind === 'dead-lettered') return 'dead_lettered';
    if (verdict?.kind === 'park') {
      await this.judgement.park(qr, message, envelope, verdict.error);
      // A later event of this set may be the awaited one: the lookup ran before this row existed.
      awaited.add(`${verdict.error.awaitingEventType} ${verdict.error.awaitingKey}`);
      return 'parked';
    }
    if (!fresh.delete(envelope.eventId)) return 'duplicate';
    try {
      await this.runHandler(handler, event, envelope, qr);
    } catch (error) {
      return { error };
    }
    if (envelope.key !== null && awaited.has(`${envelope.eventType} ${envelope.key}`)) {
      for (const row of await takeAwaiting(
        qr.manager,
        this.deps.service,
        envelope.eventType,
        envelope.key,
      )) {
        await this.applyParked(qr, row, 1);
      }
    }
    return 'applied';
  }

  /** See EventJudge.judge. */
  judge(...args: Parameters<EventJudge['judge']>): Promise<Verdict> {
    return this.judgement.judge(...args);
  }

  private async runLockHook(qr: QueryRunner, events: ChunkEvent[]): Promise<void> {
    if (this.deps.lockChunk && events.length > 0) await this.deps.lockChunk(qr.manager, events);
  }

  /** Re-applies a parked event; true when it took effect or left for the dead letters. */
  async applyParked(qr: QueryRunner, row: ParkedRow, depth = 0): Promise<boolean> {
    const savepoint = `parked_event_${depth}`;
    await qr.query(`SAVEPOINT ${savepoint}`);
    try {
      const decoded = await this.deps.codec.decode(row.message.value);
      const envelope = this.envelopeOf(row.message, decoded.eventType, decoded.event);
      await this.applyDecoded(qr, envelope, decoded.event, depth + 1);
      await unpark(qr.manager, row.id);
      await qr.query(`RELEASE SAVEPOINT ${savepoint}`);
      this.count(row.eventType, 'unparked');
      return true;
    } catch (error) {
      await qr.query(`ROLLBACK TO SAVEPOINT ${savepoint}`);
      const errorClass = classifyError(error);
      if (error instanceof PrerequisiteMissingError) {
        await repark(qr.manager, row.id, error.awaitingEventType, error.awaitingKey, error.reason);
        return false;
      }
      if (errorClass === 'transient') throw error;
      if (errorClass === 'poison' || row.attempts + 1 >= this.deps.maxUnknownAttempts) {
        const now = new Date();
        const record = { attempts: row.attempts + 1, firstFailureAt: now, lastFailureAt: now };
        await this.deps.deadLetters.publish(row.message, error, errorClass, record);
        await unpark(qr.manager, row.id);
        this.count(row.eventType, 'dead_lettered');
        this.deps.metrics?.deadLetters.inc({
          service: this.deps.service,
          topic: row.message.topic,
          error_class: errorClass,
        });
        return true;
      }
      const reason = `retrying after ${(error as Error).message ?? error}`;
      await repark(qr.manager, row.id, '*retry*', row.eventId, reason);
      return false;
    }
  }

  private async applyDecoded(
    qr: QueryRunner,
    envelope: EventEnvelope,
    event: unknown,
    depth: number,
  ) {
    const handler = this.deps.handlers.get(envelope.eventType) as EventHandler | undefined;
    if (!this.handles(envelope.eventType)) {
      this.count(envelope.eventType, 'ignored');
      return;
    }
    if (isRedrive(envelope.headers)) {
      await forgetDeadLettered(qr.manager, this.deps.service, [envelope.eventId]);
    }
    const fresh = await recordInInbox(qr.manager, this.inboxRecord(envelope, 'applied'));
    if (!fresh) {
      this.count(envelope.eventType, 'duplicate');
      return;
    }
    if (handler) await this.runHandler(handler, event, envelope, qr);
    else {
      // The set handler with a set of one; its failure is the event's own.
      await this.runSetHandler([{ envelope, event }], qr).catch((error: unknown) => {
        throw error instanceof EventInSetError ? error.failure : error;
      });
    }
    this.count(envelope.eventType, 'applied');
    if (envelope.key !== null && depth < maxUnparkDepth) {
      for (const row of await takeAwaiting(
        qr.manager,
        this.deps.service,
        envelope.eventType,
        envelope.key,
      )) {
        await this.applyParked(qr, row, depth);
      }
    }
  }

  private async runHandler(
    handler: EventHandler,
    event: unknown,
    envelope: EventEnvelope,
    qr: QueryRunner,
  ) {
    const stopTimer = this.deps.metrics?.processingSeconds.startTimer({
      service: this.deps.service,
      event_type: envelope.eventType,
    });
    await failpoints.beforeHandler(this.deps.service, envelope.eventType, envelope.eventId);
    // The handler's work continues the event's trace; its outbox rows carry it on.
    const apply = () => handler(event, { ...envelope, tx: qr.manager });
    // Events the handler emits get ids derived from the event being applied.
    await runInTrace(envelope.traceparent, () => deriveEventIdsWithin([envelope.eventId], apply), {
      name: `handle ${envelope.eventType}`,
      kind: 'CONSUMER',
      attributes: {
        'logisync.event_id': envelope.eventId,
        'logisync.correlation_id': envelope.correlationId,
        'messaging.destination.name': envelope.topic,
        'messaging.kafka.partition': envelope.partition,
        'messaging.kafka.offset': envelope.offset,
      },
    });
    stopTimer?.();
  }

  private inboxRecord(envelope: EventEnvelope, outcome: InboxOutcome): InboxRecord {
    return {
      consumer: this.deps.service,
      eventId: envelope.eventId,
      eventType: envelope.eventType,
      topic: envelope.topic,
      partition: envelope.partition,
      offset: envelope.offset,
      outcome,
    };
  }

  private envelopeOf(message: RawMessage, eventType: string, event: unknown): EventEnvelope {
    const meta = (event as { meta: { eventId: string; correlationId: string } }).meta;
    return {
      eventType,
      eventId: meta.eventId,
      correlationId: meta.correlationId,
      key: message.key === null ? null : message.key.toString(),
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      headers: message.headers,
      traceparent: message.headers[EventHeader.traceparent],
    };
  }

  private count(eventType: string, outcome: string) {
    this.deps.metrics?.consumed.inc({ service: this.deps.service, event_type: eventType, outcome });
  }
}
