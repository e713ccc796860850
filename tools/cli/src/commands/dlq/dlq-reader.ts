import type { KafkaSession } from '../../kafka/kafka-session';
import { readTopic } from '../../kafka/topic-reader';
import { toDeadLetter, type DeadLetter } from './dead-letter';

/** Every dead letter of a <service>.dlq.v1 topic, oldest first. */
export async function readDeadLetters(session: KafkaSession, topic: string): Promise<DeadLetter[]> {
  return (await readTopic(session, topic)).map((m) => toDeadLetter(m));
}
