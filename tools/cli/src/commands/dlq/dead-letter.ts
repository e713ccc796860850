import {
  DeadLetterHeader,
  EventHeader,
  readHeaders,
  type HeaderMap,
} from '@logisync/canonical-events';
import { usageError } from '../../exit-codes';

/** One message of a <service>.dlq.v1 topic, with what the runtime wrote beside it. */
export interface DeadLetter {
  partition: number;
  offset: number;
  timestamp: string;
  key: string | null;
  value: Buffer | null;
  headers: HeaderMap;
  eventType: string | null;
  eventId: string | null;
  originalTopic: string;
  originalPartition: number;
  originalOffset: string;
  errorClass: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  attempts: number;
  redriveCount: number;
  /** From the ops ledger: pending, redriven or purged. */
  status: 'pending' | 'redriven' | 'purged';
}

export function toDeadLetter(m: {
  partition: number;
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: Record<string, unknown>;
}): DeadLetter {
  const h = readHeaders(m.headers);
  return {
    partition: m.partition,
    offset: Number(m.offset),
    timestamp: new Date(Number(m.timestamp)).toISOString(),
    key: m.key?.toString('utf8') ?? null,
    value: m.value,
    headers: h,
    eventType: h[EventHeader.eventType] ?? null,
    eventId: h[EventHeader.eventId] ?? null,
    originalTopic: h[DeadLetterHeader.originalTopic] ?? '',
    originalPartition: Number(h[DeadLetterHeader.originalPartition] ?? '-1'),
    originalOffset: h[DeadLetterHeader.originalOffset] ?? '',
    errorClass: h[DeadLetterHeader.errorClass] ?? null,
    errorCode: h[DeadLetterHeader.errorCode] ?? null,
    errorMessage: h[DeadLetterHeader.errorMessage] ?? null,
    attempts: Number(h[DeadLetterHeader.attempts] ?? '0'),
    redriveCount: Number(h[DeadLetterHeader.redriveCount] ?? '0') || 0,
    status: 'pending',
  };
}

export type DeadLetterFilter = (d: DeadLetter) => boolean;

const fields: Record<string, (d: DeadLetter) => string | number | null> = {
  type: (d) => d.eventType,
  error: (d) => d.errorCode,
  class: (d) => d.errorClass,
  topic: (d) => d.originalTopic,
  key: (d) => d.key,
  order: (d) => d.key,
  event: (d) => d.eventId,
  offset: (d) => d.offset,
  partition: (d) => d.partition,
  status: (d) => d.status,
};

/** --filter type=OrderReleased --filter error=EVENT.INVALID: every one must match. */
export function parseFilters(specs: readonly string[] = []): DeadLetterFilter {
  const tests = specs.map((spec) => {
    const at = spec.indexOf('=');
    const name = spec.slice(0, at);
    const value = spec.slice(at + 1);
    const field = fields[name];
    if (at <= 0 || !field) {
      throw usageError(
        `--filter needs name=value with name one of ${Object.keys(fields).join(', ')}`,
      );
    }
    return (d: DeadLetter) => String(field(d)) === value;
  });
  return (d) => tests.every((t) => t(d));
}

/** The headers of the copy written back: the event's own, the runtime's dlq-* ones dropped. */
export function redriveHeaders(d: DeadLetter): HeaderMap {
  const own = Object.fromEntries(Object.entries(d.headers).filter(([k]) => !k.startsWith('dlq-')));
  return { ...own, [DeadLetterHeader.redriveCount]: String(d.redriveCount + 1) };
}
