import type { Command } from 'commander';
import { listActions } from '../../audit/audit-store';
import { action } from '../../command-runner';
import { usageError } from '../../exit-codes';

interface AuditOptions {
  limit: string;
  actor?: string;
  command?: string;
  since?: string;
}

export function registerAudit(program: Command): void {
  program
    .command('audit')
    .description('List the operator actions recorded by mutating commands, newest first')
    .option('--limit <n>', 'how many', '20')
    .option('--actor <who>', 'only this actor')
    .option('--command <name>', 'only this command (replay, dlq redrive, dlq purge, publish, ...)')
    .option('--since <iso>', 'only actions at or after this time')
    .action(
      action<AuditOptions>(async ({ ctx, out, options }) => {
        const since = options.since ? new Date(options.since) : undefined;
        if (since && Number.isNaN(since.getTime())) throw usageError('--since needs an ISO time');
        const actions = await listActions(ctx.opsDatabaseUrl, {
          limit: Number(options.limit),
          actor: options.actor,
          command: options.command,
          since,
        });
        out.result({ actions });
        out.table(
          undefined,
          actions.map((a) => ({
            at: a.at.toISOString(),
            actor: a.actor,
            command: a.command,
            outcome: a.outcome,
            exit: a.exitCode,
            arguments: a.arguments.join(' ').slice(0, 80),
          })),
        );
      }),
    );
}
