import { EventHeader, type ServiceName } from '@logisync/canonical-events';
import type { QueryRunner } from 'typeorm';
import { classifyError, type ErrorClass } from '../errors/classify-error';
import type { PrerequisiteMissingError } from '../errors/handler-errors';
import type { RuntimeLogger } from '../logging/runtime-logger';
import type { RuntimeMetrics } from '../metrics/runtime-metrics';
import { park } from '../parking/parked-events';
import { traceIdOf } from '../tracing/trace-context';
import type { EventEnvelope, RawMessage } from './consumed-event';
import type { DeadLetterPublisher, FailureRecord } from './dead-letter.publisher';

/** A failure that holds back the rest of its partition for a retry. */
export interface ApplyFailure {
  error: unknown;
  errorClass: Extract<ErrorClass, 'transient' | 'unknown'>;
}

/** What an earlier attempt at a set learned about one of its events. */
export type Verdict =
  | { kind: 'park'; error: PrerequisiteMissingError }
  | { kind: 'dead-lettered' }
  | { kind: 'held'; failure: ApplyFailure };

export interface EventJudgeDeps {
  service: ServiceName;
  deadLetters: DeadLetterPublisher;
  maxUnknownAttempts: number;
  metrics?: RuntimeMetrics;
  logger: RuntimeLogger;
}

/** The error policy of the consuming side, in one place: what a failed event's fate is. */
export class EventJudge {
  constructor(private readonly deps: EventJudgeDeps) {}

  /**
   * Decides what a failure of `message` means, outside any transaction: a missing prerequisite
   * parks it, poison and exhausted unknown failures are dead-lettered now (once, even if the set
   * is tried again), other unknown failures hold its partition back for a retry. Transient
   * failures are thrown: the caller retries the whole set.
   */
  async judge(
    message: RawMessage,
    envelope: EventEnvelope | undefined,
    error: unknown,
    failure: FailureRecord | undefined,
  ): Promise<Verdict> {
    const errorClass = classifyError(error);
    if (errorClass === 'transient') throw error;
    if (errorClass === 'park' && envelope) {
      return { kind: 'park', error: error as PrerequisiteMissingError };
    }
    const attempts = (failure?.attempts ?? 0) + 1;
    const exhausted = errorClass === 'unknown' && attempts >= this.deps.maxUnknownAttempts;
    if (errorClass === 'unknown' && !exhausted) {
      return { kind: 'held', failure: { error, errorClass } };
    }
    await this.deadLetter(message, envelope, error, errorClass, attempts, failure);
    return { kind: 'dead-lettered' };
  }

  /** Stores a parked event in the caller's transaction. */
  async park(
    qr: QueryRunner,
    message: RawMessage,
    envelope: EventEnvelope,
    missing: PrerequisiteMissingError,
  ): Promise<void> {
    await park(qr.manager, {
      consumer: this.deps.service,
      eventId: envelope.eventId,
      eventType: envelope.eventType,
      awaitingEventType: missing.awaitingEventType,
      awaitingKey: missing.awaitingKey,
      reason: missing.reason,
      message,
    });
    this.deps.logger.info(
      { ...logFieldsOf(message, envelope), reason: missing.reason },
      'event parked',
    );
  }

  /** Writes the dead letter; the caller records the inbox row in its transaction. */
  private async deadLetter(
    message: RawMessage,
    envelope: EventEnvelope | undefined,
    error: unknown,
    errorClass: ErrorClass,
    attempts: number,
    failure: FailureRecord | undefined,
  ): Promise<void> {
    const now = new Date();
    const record = { attempts, firstFailureAt: failure?.firstFailureAt ?? now, lastFailureAt: now };
    await this.deps.deadLetters.publish(message, error, errorClass, record);
    const eventType = envelope?.eventType ?? message.headers[EventHeader.eventType] ?? 'unknown';
    const { service, metrics } = this.deps;
    metrics?.consumed.inc({ service, event_type: eventType, outcome: 'dead_lettered' });
    metrics?.deadLetters.inc({ service, topic: message.topic, error_class: errorClass });
    this.deps.logger.warn(
      { ...logFieldsOf(message, envelope), err: error, errorClass },
      'event dead-lettered',
    );
  }
}

function logFieldsOf(message: RawMessage, envelope?: EventEnvelope) {
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
