import { runInTrace } from '../tracing/trace-context';
import { EventHeader, type EventCodec, type ServiceName } from '@logisync/canonical-events';
import type { QueryRunner } from 'typeorm';
import { classifyError } from '../errors/classify-error';
import { failpoints } from '../failpoints/failpoints';
import { PrerequisiteMissingError } from '../errors/handler-errors';
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
    this.judgement = new EventJudge(deps);
  }

  handles(eventType: string): boolean {
    return this.deps.handlers.has(eventType);
  }

  /**
   * False for a message whose `event-type` header names a type no handler subscribes to: it
   * costs no decode and no transaction. Without the header the body decides.
   */
  wants(message: RawMessage): boolean {
    const eventType = message.headers[EventHeader.eventType];
    return eventType === undefined || this.deps.handlers.has(eventType);
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
    const handled = items.filter((i) => this.deps.handlers.has(i.envelope.eventType));
    const open = handled.filter((i) => !verdicts.has(i.message));
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
        ...open.map((i) => this.inboxRecord(i.envelope, 'applied')),
      ],
      [...new Set(open.map((i) => i.envelope.key).filter((k): k is string => k !== null))],
    );
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
    if (!handler) {
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
    await this.runHandler(handler, event, envelope, qr);
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
    await runInTrace(envelope.traceparent, () => handler(event, { ...envelope, tx: qr.manager }), {
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
