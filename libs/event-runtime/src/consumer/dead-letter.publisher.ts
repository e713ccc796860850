import { DeadLetterHeader, deadLetterTopicOf, type ServiceName } from '@logisync/canonical-events';
import type { Producer } from 'kafkajs';
import { RetriableError } from '../errors/handler-errors';
import { errorCodeOf } from '../errors/classify-error';
import type { RawMessage } from './consumed-event';

export interface FailureRecord {
  attempts: number;
  firstFailureAt: Date;
  lastFailureAt: Date;
}

/**
 * Writes a message that cannot be applied to <service>.dlq.v1 with its original key, bytes and
 * headers, plus where it came from and why. A failed write is retriable: the caller must not
 * commit the offset until the dead letter is safely stored.
 */
export class DeadLetterPublisher {
  constructor(
    private readonly producer: Producer,
    private readonly service: ServiceName,
    readonly topic: string = deadLetterTopicOf(service),
  ) {}

  async publish(message: RawMessage, error: unknown, errorClass: string, failure: FailureRecord) {
    const headers: Record<string, string> = {
      ...message.headers,
      [DeadLetterHeader.originalTopic]: message.topic,
      [DeadLetterHeader.originalPartition]: String(message.partition),
      [DeadLetterHeader.originalOffset]: message.offset,
      [DeadLetterHeader.errorClass]: errorClass,
      [DeadLetterHeader.errorCode]: errorCodeOf(error),
      [DeadLetterHeader.errorMessage]: (error instanceof Error
        ? error.message
        : String(error)
      ).slice(0, 2_000),
      [DeadLetterHeader.attempts]: String(failure.attempts),
      [DeadLetterHeader.firstFailureAt]: failure.firstFailureAt.toISOString(),
      [DeadLetterHeader.lastFailureAt]: failure.lastFailureAt.toISOString(),
      [DeadLetterHeader.consumer]: this.service,
    };
    try {
      await this.producer.send({
        topic: this.topic,
        acks: -1,
        messages: [{ key: message.key, value: message.value, headers }],
      });
    } catch (cause) {
      throw new RetriableError(`Could not write the dead letter to ${this.topic}`, { cause });
    }
  }
}
