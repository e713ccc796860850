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

/** The body of POST /admin/consumer/redeliver: raw messages of topics this service consumes. */
export function parseRedelivery(body: unknown, topics: readonly string[]): RawMessage[] {
  if (!Array.isArray(body) || body.length === 0 || body.length > 500) {
    throw new BadRequestException('Expected { messages: [1..500 messages] }');
  }
  return body.map((m: RedeliveredMessage, i) => {
    if (
      typeof m?.topic !== 'string' ||
      !Number.isInteger(m.partition) ||
      !/^\d+$/.test(String(m.offset)) ||
      (m.key !== null && typeof m.key !== 'string') ||
      typeof m.value !== 'string' ||
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
