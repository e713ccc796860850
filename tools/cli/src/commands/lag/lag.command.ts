import { serviceNames, type ServiceName } from '@logisync/canonical-events';
import { Option, type Command } from 'commander';
import { action } from '../../command-runner';
import { parseService } from '../../context';
import { ExitCode } from '../../exit-codes';
import type { Output } from '../../output/output';
import { measureLag, type ServiceLag } from './lag';

interface LagOptions {
  service?: string;
  maxLag?: string;
  partitions?: boolean;
}

export function registerLag(program: Command): void {
  program
    .command('lag')
    .description(
      "Per group, topic and partition: committed offset, end offset and lag; and each service's oldest unpublished outbox row",
    )
    .option('-s, --service <name>', `one service (${serviceNames.join(', ')}); all by default`)
    .option('--max-lag <n>', 'exit 3 when any group lags more than n events in total')
    .addOption(new Option('--no-partitions', 'only the summary per service'))
    .action(
      action<LagOptions>(async ({ ctx, out, kafka, options }) => {
        const services: ServiceName[] = options.service
          ? [parseService(options.service)]
          : [...serviceNames];
        const report = await measureLag(ctx, kafka, services);
        out.result({ services: report });
        printSummary(out, report);
        if (options.partitions !== false) printPartitions(out, report);
        const max = options.maxLag === undefined ? undefined : Number(options.maxLag);
        if (max !== undefined && report.some((s) => s.totalLag > max)) return ExitCode.invalid;
      }),
    );
}

function printSummary(out: Output, report: ServiceLag[]) {
  out.table(
    undefined,
    report.map((s) => ({
      service: s.service,
      group: s.group.groupId,
      state: s.group.state,
      members: s.group.members,
      lag: s.totalLag,
      'outbox backlog': 'error' in s.outbox ? null : s.outbox.backlog,
      'oldest unpublished': outboxAge(s),
    })),
  );
}

function outboxAge(s: ServiceLag): string {
  if ('error' in s.outbox) return 'unknown (database not reachable)';
  const age = s.outbox.oldestAgeSeconds;
  return age === null ? 'none' : `${age}s`;
}

function printPartitions(out: Output, report: ServiceLag[]) {
  const rows = report.flatMap((s) =>
    s.partitions.map((p) => ({
      group: s.group.groupId,
      topic: p.topic,
      partition: p.partition,
      committed: p.committed,
      end: p.end,
      lag: p.lag,
    })),
  );
  out.note('');
  out.table(undefined, rows);
}
