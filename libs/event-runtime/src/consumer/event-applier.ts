import { runInTrace, traceIdOf } from '../tracing/trace-context';
import { EventHeader, type EventCodec, type ServiceName } from '@logisync/canonical-events';
import type { QueryRunner } from 'typeorm';
import { classifyError, type ErrorClass } from '../errors/classify-error';
import { failpoints } from '../failpoints/failpoints';
import { PrerequisiteMissingError } from '../errors/handler-errors';
import { recordInInbox, recordManyInInbox } from '../inbox/inbox';
import { forgetDeadLettered, isRedrive } from '../inbox/redrive';
import type { RuntimeLogger } from '../logging/runtime-logger';
import type { RuntimeMetrics } from '../metrics/runtime-metrics';
import {
  awaitedAmong,
  park,
  repark,
  takeAwaiting,
  unpark,
  type ParkedRow,
} from '../parking/parked-events';
import type {
  ChunkEvent,
  ChunkLockHook,
  EventEnvelope,
  EventHandler,
  HandlerTable,
  RawMessage,
} from './consumed-event';
import type { DeadLetterPublisher, FailureRecord } from './dead-letter.publisher';

export type ApplyResult =
  | { ok: true }
  | { ok: false; error: unknown; errorClass: Extract<ErrorClass, 'transient' | 'unknown'> };

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
 * Applies one message inside the caller's transaction, isolated by a savepoint: a failing
 * event never leaves a partial effect of itself. Poison goes to the dead-letter topic, a missing
 * prerequisite parks the event, transient and unknown failures are returned for the caller to
 * retry (unknown ones only until maxUnknownAttempts).
 */
export class EventApplier {
  constructor(private readonly deps: EventApplierDeps) {}

  async apply(qr: QueryRunner, message: RawMessage, failure?: FailureRecord): Promise<ApplyResult> {
    await qr.query('SAVEPOINT consumed_event');
    let envelope: EventEnvelope | undefined;
    try {
      const decoded = await this.deps.codec.decode(message.value);
      envelope = this.envelopeOf(message, decoded.eventType, decoded.event);
      await this.applyDecoded(qr, envelope, decoded.event, 0);
      await qr.query('RELEASE SAVEPOINT consumed_event');
      return { ok: true };
    } catch (error) {
      await qr.query('ROLLBACK TO SAVEPOINT consumed_event');
      return this.onFailure(qr, message, envelope, error, failure);
    }
  }

  /**
   * The fast path for a chunk: one inbox insert for all, one parked-event lookup for all, no
   * savepoints. Any failure throws, the caller rolls the whole chunk back and applies it again
   * event by event with apply(). Outcomes are counted only once the caller has committed.
   */
  async applyAll(qr: QueryRunner, messages: RawMessage[]): Promise<() => void> {
    const decoded = [];
    for (const message of messages) {
      const { eventType, event } = await this.deps.codec.decode(message.value);
      decoded.push({ envelope: this.envelopeOf(message, eventType, event), event });
    }
    const handled = decoded.filter((d) => this.deps.handlers.has(d.envelope.eventType));
    await this.runLockHook(
      qr,
      handled.map((d) => ({ eventType: d.envelope.eventType, event: d.event })),
    );
    await forgetDeadLettered(
      qr.manager,
      this.deps.service,
      handled.filter((d) => isRedrive(d.envelope.headers)).map((d) => d.envelope.eventId),
    );
    const fresh = await recordManyInInbox(
      qr.manager,
      handled.map(({ envelope: e }) => ({
        consumer: this.deps.service,
        eventId: e.eventId,
        eventType: e.eventType,
        topic: e.topic,
        partition: e.partition,
        offset: e.offset,
        outcome: 'applied' as const,
      })),
    );
    const keys = [
      ...new Set(handled.map((d) => d.envelope.key).filter((k): k is string => k !== null)),
    ];
    const awaited = await awaitedAmong(qr.manager, this.deps.service, keys);
    const outcomes: [string, string][] = [];
    for (const { envelope, event } of decoded) {
      const handler = this.deps.handlers.get(envelope.eventType) as EventHandler | undefined;
      if (!handler) {
        outcomes.push([envelope.eventType, 'ignored']);
        continue;
      }
      if (!fresh.delete(envelope.eventId)) {
        outcomes.push([envelope.eventType, 'duplicate']);
        continue;
      }
      await this.runHandler(handler, event, envelope, qr);
      outcomes.push([envelope.eventType, 'applied']);
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
    }
    return () => outcomes.forEach(([eventType, outcome]) => this.count(eventType, outcome));
  }

  /**
   * The chunk hook for the event-by-event path: the messages that decode, of handled types.
   * One that does not decode is left out here and dead-lettered by apply().
   */
  async lockChunk(qr: QueryRunner, messages: RawMessage[]): Promise<void> {
    if (!this.deps.lockChunk) return;
    const events = [];
    for (const message of messages) {
      const decoded = await this.deps.codec.decode(message.value).catch(() => undefined);
      if (decoded && this.deps.handlers.has(decoded.eventType)) events.push(decoded);
    }
    await this.runLockHook(qr, events);
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
    const fresh = await recordInInbox(qr.manager, {
      consumer: this.deps.service,
      eventId: envelope.eventId,
      eventType: envelope.eventType,
      topic: envelope.topic,
      partition: envelope.partition,
      offset: envelope.offset,
      outcome: 'applied',
    });
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

  private async onFailure(
    qr: QueryRunner,
    message: RawMessage,
    envelope: EventEnvelope | undefined,
    error: unknown,
    failure: FailureRecord | undefined,
  ): Promise<ApplyResult> {
    const errorClass = classifyError(error);
    const eventType = envelope?.eventType ?? message.headers[EventHeader.eventType] ?? 'unknown';
    if (errorClass === 'park' && envelope) {
      const missing = error as PrerequisiteMissingError;
      await park(qr.manager, {
        consumer: this.deps.service,
        eventId: envelope.eventId,
        eventType,
        awaitingEventType: missing.awaitingEventType,
        awaitingKey: missing.awaitingKey,
        reason: missing.reason,
        message,
      });
      this.count(eventType, 'parked');
      this.deps.logger.info(
        { ...this.logFields(message, envelope), reason: missing.reason },
        'event parked',
      );
      return { ok: true };
    }
    const attempts = (failure?.attempts ?? 0) + 1;
    const exhausted = errorClass === 'unknown' && attempts >= this.deps.maxUnknownAttempts;
    if (errorClass === 'poison' || errorClass === 'park' || exhausted) {
      const now = new Date();
      const record = {
        attempts,
        firstFailureAt: failure?.firstFailureAt ?? now,
        lastFailureAt: now,
      };
      await this.deps.deadLetters.publish(message, error, errorClass, record);
      if (envelope) {
        await recordInInbox(qr.manager, {
          consumer: this.deps.service,
          eventId: envelope.eventId,
          eventType,
          topic: message.topic,
          partition: message.partition,
          offset: message.offset,
          outcome: 'dead_lettered',
        });
      }
      this.count(eventType, 'dead_lettered');
      this.deps.metrics?.deadLetters.inc({
        service: this.deps.service,
        topic: message.topic,
        error_class: errorClass,
      });
      this.deps.logger.warn(
        { ...this.logFields(message, envelope), err: error, errorClass },
        'event dead-lettered',
      );
      return { ok: true };
    }
    return { ok: false, error, errorClass: errorClass as 'transient' | 'unknown' };
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

  private logFields(message: RawMessage, envelope?: EventEnvelope) {
    return {
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      eventId: envelope?.eventId,
      eventType: envelope?.eventType,
      correlationId: envelope?.correlationId,
      traceId: traceIdOf(envelope?.traceparent ?? message.headers[EventHeader.traceparent]),
    };
  }

  private count(eventType: string, outcome: string) {
    this.deps.metrics?.consumed.inc({ service: this.deps.service, event_type: eventType, outcome });
  }
}
