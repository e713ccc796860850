import type { CliContext } from '../context';
import type { KafkaSession } from '../kafka/kafka-session';
import type { OperatorAction } from './audit-store';

/** Placeholder until ops.audit.v1 is in the catalogue. */
export async function publishAction(
  _ctx: CliContext,
  _kafka: KafkaSession,
  _record: OperatorAction,
): Promise<void> {}
