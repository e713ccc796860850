import { topicCatalogue } from '@logisync/canonical-events';
import { ensureTopics } from '@logisync/event-runtime';
import type { Command } from 'commander';
import { auditedAction, type AuditedEnv } from '../../audit/audited-action';
import { action, type CommandEnv } from '../../command-runner';
import { ExitCode } from '../../exit-codes';

interface TopicsOptions {
  execute?: boolean;
  actor?: string;
  replicationFactor: string;
}

export function registerTopics(program: Command): void {
  const topics = program
    .command('topics')
    .description('The topic catalogue beside what Kafka has: partitions, messages, consumers')
    .action(action<TopicsOptions>((env) => listTopics(env)));

  topics
    .command('ensure')
    .description(
      'Create the catalogue topics that are missing and report drift of existing ones (never alters a live topic); dry-run without --execute. Exit 3 on drift',
    )
    .option(
      '--replication-factor <n>',
      'for created topics (env KAFKA_REPLICATION_FACTOR)',
      process.env.KAFKA_REPLICATION_FACTOR ?? '1',
    )
    .option('--execute', 'create the missing topics')
    .option('--actor <who>', 'who does this, for the audit trail (default: the OS user)')
    .action(auditedAction<TopicsOptions>('topics ensure', (env) => ensure(env)));
}

async function live(env: CommandEnv<TopicsOptions>) {
  const admin = await env.kafka.admin();
  const present = new Set(await admin.listTopics());
  const rows = [];
  for (const spec of topicCatalogue) {
    const name = env.ctx.topic(spec.name);
    const exists = present.has(name);
    const offsets = exists ? await admin.fetchTopicOffsets(name) : [];
    rows.push({
      topic: name,
      kind: spec.kind,
      producer: spec.producer,
      consumers: spec.consumers.join(', '),
      key: spec.key,
      partitions: spec.partitions,
      live: exists ? offsets.length : null,
      messages: exists ? offsets.reduce((s, p) => s + Number(p.high) - Number(p.low), 0) : null,
      eventTypes: spec.eventTypes.length,
    });
  }
  return rows;
}

async function listTopics(env: CommandEnv<TopicsOptions>) {
  const rows = await live(env);
  env.out.result({ topics: rows.map((r) => ({ ...r, exists: r.live !== null })) });
  env.out.table(
    undefined,
    rows.map((r) => ({ ...r, live: r.live ?? 'missing' })),
  );
}

async function ensure(env: AuditedEnv<TopicsOptions>) {
  const rows = await live(env);
  const missing = rows.filter((r) => r.live === null).map((r) => r.topic);
  if (!env.options.execute) {
    env.audit.skip();
    env.out.result({ dryRun: true, missing });
    env.out.note(
      missing.length
        ? `Would create: ${missing.join(', ')}. Add --execute.`
        : 'Every catalogue topic exists.',
    );
    return ExitCode.ok;
  }
  const admin = await env.kafka.admin();
  const specs = topicCatalogue.map((s) => ({ ...s, name: env.ctx.topic(s.name) }));
  const report = await ensureTopics(admin, specs, {
    replicationFactor: Number(env.options.replicationFactor),
  });
  env.audit.details({ created: report.created, drift: report.drift });
  env.out.result(report);
  for (const t of report.created) env.out.note(`created   ${t}`);
  for (const d of report.drift) {
    env.out.warn(
      `DRIFT     ${d.topic}: ${d.setting} is ${d.actual}, the catalogue says ${d.expected}`,
    );
  }
  return report.drift.length ? ExitCode.invalid : ExitCode.ok;
}
