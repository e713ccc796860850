import type { AuditedEnv } from '../../audit/audited-action';
import { actorOf } from '../../context';
import { CliError, ExitCode, usageError } from '../../exit-codes';
import { redriveHeaders, type DeadLetter } from './dead-letter';
import { printLetters, selectDeadLetters, type DlqOptions } from './dlq-selection';

/**
 * Writes each chosen dead letter back where it came from: original topic and partition, original
 * key, bytes and headers, with the re-drive counter raised. One already re-driven max times is
 * refused (the loop guard): its cause is not fixed, another round only adds noise.
 */
export async function redrive(env: AuditedEnv<DlqOptions>) {
  const max = Number(env.options.maxRedrives);
  if (!Number.isInteger(max) || max < 0) throw usageError('--max-redrives needs an integer >= 0');
  const { topic, letters, ledger } = await selectDeadLetters(env);
  const allowed = letters.filter((l) => l.redriveCount < max);
  const guarded = letters.filter((l) => l.redriveCount >= max);
  env.audit.details({ topic, filter: env.options.filter ?? [], maxRedrives: max });
  printLetters(env, letters);
  for (const l of guarded) {
    env.out.warn(
      `loop guard: ${topic} ${l.partition}@${l.offset} (${l.eventType} ${l.key}) was re-driven ${l.redriveCount} times already; fix its cause or purge it`,
    );
  }
  if (!env.options.execute) {
    env.audit.skip();
    env.out.result({
      dryRun: true,
      topic,
      redrive: allowed.map(brief),
      refused: guarded.map(brief),
    });
    env.out.note(
      `Dry run: ${allowed.length} would be re-driven, ${guarded.length} refused by the loop guard. Add --execute.`,
    );
    return guarded.length ? ExitCode.refused : ExitCode.ok;
  }
  if (letters.length === 0) throw new CliError('no dead letter matches', ExitCode.invalid);
  const producer = env.kafka.kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  const actor = actorOf(env.options.actor);
  const redriven: { from: string; to: { topic: string; partition: number; offset: string } }[] = [];
  try {
    for (const letter of allowed) {
      const [meta] = await producer.send({
        topic: letter.originalTopic,
        acks: -1,
        messages: [
          {
            partition: letter.originalPartition,
            key: letter.key,
            value: letter.value,
            headers: redriveHeaders(letter),
          },
        ],
      });
      const to = {
        topic: letter.originalTopic,
        partition: letter.originalPartition,
        offset: meta.baseOffset ?? '',
      };
      await ledger.record({
        topic,
        letter,
        status: 'redriven',
        redrivenTo: to,
        actor,
        actionId: env.audit.actionId,
      });
      redriven.push({ from: `${letter.partition}@${letter.offset}`, to });
    }
  } finally {
    await producer.disconnect();
  }
  env.audit.offsets(
    allowed.map((l) => ({ topic, partition: l.partition, offset: l.offset })),
    redriven.map((r) => r.to),
  );
  env.audit.details({ redriven: redriven.length, refused: guarded.map(brief) });
  env.out.result({ dryRun: false, topic, redriven, refused: guarded.map(brief) });
  env.out.note(
    `Re-drove ${redriven.length} dead letters; ${guarded.length} refused by the loop guard.`,
  );
  return guarded.length ? ExitCode.refused : ExitCode.ok;
}

const brief = (l: DeadLetter) => ({
  partition: l.partition,
  offset: l.offset,
  eventType: l.eventType,
  eventId: l.eventId,
  key: l.key,
  originalTopic: l.originalTopic,
  redriveCount: l.redriveCount,
});
