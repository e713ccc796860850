import { topicsConsumedBy, type ServiceName } from '@logisync/canonical-events';
import type { Command } from 'commander';
import { auditedAction, type AuditedEnv } from '../../audit/audited-action';
import type { CommandEnv } from '../../command-runner';
import { parseService } from '../../context';
import { ExitCode, refused, usageError } from '../../exit-codes';
import { readPositions } from '../../kafka/group-positions';
import { ConsumerAdminClient } from '../../services/consumer-admin.client';
import { executeReplay } from './replay-executor';
import { planReplay, selectPartitions, type ReplayPlan } from './replay-plan';
import { describeTarget, parseTarget, targetTime, type TargetOptions } from './replay-target';
import { replayOrder } from './scoped-replay';

export interface ReplayOptions extends TargetOptions {
  service: string;
  topic?: string[];
  partitions?: string;
  execute?: boolean;
  actor?: string;
  timeout: string;
  allowSkip?: boolean;
  order?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description(
      "Move a service's consumer group back (dry-run by default) and follow the re-delivery until the lag is 0; or re-deliver one order's events with --order",
    )
    .requiredOption('-s, --service <name>', 'the service whose consumer group moves')
    .option(
      '-t, --topic <name>',
      'only this catalogue topic (repeatable); all it consumes by default',
      collect,
    )
    .option('--to-offset <n>', 'move every selected partition to offset n (clamped to the log)')
    .option('--to-datetime <iso>', 'move to the first event written at or after this UTC time')
    .option('--by-duration <iso>', 'move back by an ISO-8601 duration from now, e.g. PT2H')
    .option('--to-earliest', 'move to the start of the log')
    .option('--partitions <list>', 'only these partitions, e.g. 0,1')
    .option(
      '--order <orderId>',
      "re-deliver only this order's events (by key), without moving the group",
    )
    .option('--execute', 'do it; without this flag nothing changes (dry-run)')
    .option('--allow-skip', 'allow a target after the committed offset (events would be skipped)')
    .option('--actor <who>', 'who does this, for the audit trail (default: the OS user)')
    .option('--timeout <seconds>', 'how long to follow the lag back to 0', '300')
    .addHelpText(
      'after',
      `
Examples:
  logisync replay --service billing-service --to-datetime 2026-11-27T00:30:00Z
  logisync replay --service billing-service --by-duration PT2H --execute --actor alice
  logisync replay --service order-service --topic warehouse.milestones.v1 --to-earliest --partitions 0,1
  logisync replay --service order-service --order 7f0c... --execute`,
    )
    .action(
      auditedAction<ReplayOptions>('replay', (env) =>
        env.options.order ? replayOrder(env) : replayGroup(env),
      ),
    );
}

export function replayTopics(env: CommandEnv<ReplayOptions>, service: ServiceName): string[] {
  const consumed = topicsConsumedBy(service).map((t) => t.name);
  const chosen = env.options.topic ?? consumed;
  for (const t of chosen) {
    if (!consumed.includes(t)) {
      throw usageError(`${service} does not consume ${t}; it consumes ${consumed.join(', ')}`);
    }
  }
  return chosen.map((t) => env.ctx.topic(t));
}

function parsePartitions(value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  const list = value.split(',').map((p) => p.trim());
  if (!list.every((p) => /^\d+$/.test(p))) throw usageError('--partitions needs a list like 0,1,2');
  return list.map(Number);
}

async function replayGroup(env: AuditedEnv<ReplayOptions>) {
  const { ctx, out, kafka, options, audit } = env;
  const service = parseService(options.service);
  const target = parseTarget(options);
  const groupId = ctx.groupOf(service);
  const topics = replayTopics(env, service);
  const admin = await kafka.admin();
  const positions = selectPartitions(
    await readPositions(admin, groupId, topics),
    parsePartitions(options.partitions),
  );
  const at = targetTime(target);
  const byTime = new Map<string, number>();
  if (at !== null) {
    for (const topic of topics) {
      for (const p of await admin.fetchTopicOffsetsByTimestamp(topic, at)) {
        byTime.set(`${topic}:${p.partition}`, Number(p.offset));
      }
    }
  }
  const plan = planReplay(positions, target, byTime);
  printPlan(env, groupId, describeTarget(target), plan);
  audit.details({ service, groupId, target: describeTarget(target), topics });
  if (!options.execute) {
    out.result({ dryRun: true, service, groupId, target: describeTarget(target), ...plan });
    out.note(`\nDry run: ${plan.redeliver} events would be re-delivered. Add --execute to do it.`);
    audit.skip();
    return ExitCode.ok;
  }
  if (plan.skip > 0 && !options.allowSkip) {
    throw refused(
      `the target is after the committed offset on some partitions: ${plan.skip} events would never be read; add --allow-skip if that is what you want`,
    );
  }
  const execution = await executeReplay({
    admin,
    groupId,
    topics,
    plan,
    service: new ConsumerAdminClient(ctx.serviceUrl(service), ctx.apiKey),
    progress: (total) => out.progress('re-delivering', total),
    drainTimeoutMs: Number(options.timeout) * 1_000,
    onMode: (mode) =>
      out.note(
        mode === 'service-endpoint'
          ? `Pausing ${service} through ${ctx.serviceUrl(service)}/admin/consumer, seeking, resuming.`
          : `${groupId} has no members: setting its offsets through the Kafka admin API.`,
      ),
  });
  audit.offsets(execution.before, execution.after);
  audit.details({ mode: execution.mode, redeliver: plan.redeliver });
  out.result({ dryRun: false, service, groupId, ...plan, ...execution });
  if (execution.mode === 'kafka-admin') {
    out.note(`Offsets moved; ${service} re-reads ${plan.redeliver} events when it starts.`);
    return ExitCode.ok;
  }
  if (!execution.drained) {
    out.warn(`The lag did not return to 0 within ${options.timeout} s; see logisync lag.`);
    return ExitCode.timeout;
  }
  out.note(`Re-delivered ${plan.redeliver} events; ${groupId} is back at lag 0.`);
  return ExitCode.ok;
}

function printPlan(
  env: CommandEnv<ReplayOptions>,
  groupId: string,
  target: string,
  plan: ReplayPlan,
) {
  env.out.table(
    `Replay of ${groupId} to ${target}`,
    plan.partitions.map((p) => ({
      topic: p.topic,
      partition: p.partition,
      committed: p.committed,
      target: p.target,
      end: p.end,
      're-deliver': p.redeliver,
      ...(plan.skip > 0 ? { skip: p.skip } : {}),
    })),
  );
}
