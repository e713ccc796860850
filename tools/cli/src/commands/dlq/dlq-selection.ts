import { deadLetterTopicOf } from '@logisync/canonical-events';
import type { CommandEnv } from '../../command-runner';
import { parseService } from '../../context';
import { parseFilters, type DeadLetter } from './dead-letter';
import { DeadLetterLedger } from './dlq-ledger';
import { readDeadLetters } from './dlq-reader';

export interface DlqOptions {
  service: string;
  filter?: string[];
  all?: boolean;
  execute?: boolean;
  actor?: string;
  maxRedrives: string;
  partition: string;
  offset?: string;
}

/** The dead letters of a service, with their ledger status, filtered as asked. */
export async function selectDeadLetters(env: CommandEnv<DlqOptions>): Promise<{
  topic: string;
  letters: DeadLetter[];
  ledger: DeadLetterLedger;
}> {
  const service = parseService(env.options.service);
  const topic = env.ctx.topic(deadLetterTopicOf(service));
  const filter = parseFilters(env.options.filter);
  const ledger = new DeadLetterLedger(env.ctx.opsDatabaseUrl);
  const all = await ledger.annotate(topic, await readDeadLetters(env.kafka, topic));
  const letters = all.filter(
    (l) =>
      filter(l) &&
      (env.options.all ||
        (env.options.filter ?? []).some((f) => f.startsWith('status=')) ||
        l.status === 'pending'),
  );
  return { topic, letters, ledger };
}

export function printLetters(env: CommandEnv<unknown>, letters: DeadLetter[]) {
  env.out.table(
    undefined,
    letters.map((l) => ({
      partition: l.partition,
      offset: l.offset,
      at: l.timestamp,
      type: l.eventType,
      key: l.key,
      from: `${l.originalTopic}/${l.originalPartition}@${l.originalOffset}`,
      error: l.errorCode,
      redrives: l.redriveCount,
      status: l.status,
      message: (l.errorMessage ?? '').slice(0, 60),
    })),
  );
}

export const json = (l: DeadLetter) => ({ ...l, value: l.value?.toString('base64') ?? null });
