import { BadRequestException } from '@nestjs/common';
import type { RawMessage } from '../consumer/consumed-event';

interface RedeliveredMessage {
  topic?: unknown;
  partition?: unknown;
  offset?: unknown;
  key?: unknown;
  value?: unknown;
  headers?: unknown;
}

const isStringMap = (v: unknown): v is Record<string, string> =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  Object.values(v).every((x) => typeof x === 'string');

/** A partition number Kafka can have: an int32 from 0. */
export const isPartition = (v: unknown): v is number =>
  Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 2_147_483_647;

/** An offset as the CLI sends it: int64 digits, so a string. */
export const isOffset = (v: unknown): v is string => typeof v === 'string' && /^\d{1,19}$/.test(v);

/** Properties of `body` other than `known` (an operator's typo must not be ignored). */
export const unknownKeys = (body: object, known: readonly string[]): string[] =>
  Object.keys(body).filter((k) => !known.includes(k));

// '' is a tombstone (a null value).
const isBase64 = (v: unknown): v is string =>
  typeof v === 'string' && v.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(v);

const messageKeys = ['topic', 'partition', 'offset', 'key', 'value', 'headers'];

/** The body of POST /admin/consumer/redeliver: raw messages of topics this service consumes. */
export function parseRedelivery(body: unknown, topics: readonly string[]): RawMessage[] {
  if (!Array.isArray(body) || body.length === 0 || body.length > 500) {
    throw new BadRequestException('Expected { messages: [1..500 messages] }');
  }
  return body.map((m: RedeliveredMessage, i) => {
    if (
      typeof m?.topic !== 'string' ||
      unknownKeys(m, messageKeys).length > 0 ||
      !isPartition(m.partition) ||
      !isOffset(m.offset) ||
      (m.key !== null && typeof m.key !== 'string') ||
      !isBase64(m.value) ||
      !isStringMap(m.headers ?? {})
    ) {
      throw new BadRequestException(
        `messages[${i}]: expected { topic, partition, offset, key: string|null, value: base64, headers: {string: string} }`,
      );
    }
    if (!topics.includes(m.topic)) {
      throw new BadRequestException(`messages[${i}]: this service does not consume ${m.topic}`);
    }
    return {
      topic: m.topic,
      partition: m.partition as number,
      offset: String(m.offset),
      key: m.key as string | null,
      value: Buffer.from(m.value, 'base64'),
      headers: (m.headers ?? {}) as Record<string, string>,
    };
  });
}
