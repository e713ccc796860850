/**
 * Kafka headers repeat what routing and tracing need without decoding the Avro body.
 * Names are kebab-case; values are UTF-8 strings.
 */
export const EventHeader = {
  eventId: 'event-id',
  eventType: 'event-type',
  correlationId: 'correlation-id',
  causationId: 'causation-id',
  schemaId: 'schema-id',
  producer: 'producer',
  traceparent: 'traceparent',
} as const;

/** Added to a dead letter beside the original headers. */
export const DeadLetterHeader = {
  originalTopic: 'dlq-original-topic',
  originalPartition: 'dlq-original-partition',
  originalOffset: 'dlq-original-offset',
  errorClass: 'dlq-error-class',
  errorCode: 'dlq-error-code',
  errorMessage: 'dlq-error-message',
  attempts: 'dlq-attempts',
  firstFailureAt: 'dlq-first-failure-at',
  lastFailureAt: 'dlq-last-failure-at',
  consumer: 'dlq-consumer',
  /**
   * Set by an operator's re-drive (logisync dlq redrive) on the copy written back to the original
   * topic: how many times this event has been re-driven. It travels with the event, so a re-drive
   * that fails again lands in the dead letters still carrying it, and the loop guard can count.
   */
  redriveCount: 'dlq-redrive-count',
} as const;

export type HeaderMap = Record<string, string>;

/** Kafka delivers header values as Buffers (or arrays of them); this reads them as text. */
export function readHeaders(raw: Record<string, unknown> | undefined): HeaderMap {
  const out: HeaderMap = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first === undefined || first === null) continue;
    out[name] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return out;
}
