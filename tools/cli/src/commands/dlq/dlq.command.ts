import type { Command } from 'commander';
import { auditedAction, type AuditedEnv } from '../../audit/audited-action';
import { action } from '../../command-runner';
import { actorOf } from '../../context';
import { CliError, ExitCode } from '../../exit-codes';
import { redrive } from './dlq-redrive';
import { showDeadLetter } from './dlq-show';
import { json, printLetters, selectDeadLetters, type DlqOptions } from './dlq-selection';

const collect = (value: string, previous: string[] = []) => [...previous, value];
const filterHelp =
  'name=value (repeatable, all must match); names: type, error, class, topic, key, order, event, offset, partition, status';

export function registerDlq(program: Command): void {
  const dlq = program
    .command('dlq')
    .description("Inspect, re-drive and purge a service's dead letters (<service>.dlq.v1)");

  dlq
    .command('list')
    .description('List dead letters: where each came from, the error, re-drives so far, status')
    .requiredOption('-s, --service <name>', 'whose dead letters')
    .option('--filter <name=value>', filterHelp, collect)
    .option('--all', 'include re-driven and purged ones')
    .action(
      action<DlqOptions>(async (env) => {
        const { topic, letters } = await selectDeadLetters(env);
        env.out.result({ topic, deadLetters: letters.map(json) });
        env.out.note(`${topic}: ${letters.length} dead letters`);
        printLetters(env, letters);
      }),
    );

  dlq
    .command('show')
    .description('Show one dead letter: every header and the event decoded through the registry')
    .requiredOption('-s, --service <name>', 'whose dead letters')
    .requiredOption('--offset <n>', 'its offset in the dead-letter topic')
    .option('--partition <n>', 'its partition in the dead-letter topic', '0')
    .action(action<DlqOptions>((env) => showDeadLetter(env)));

  dlq
    .command('redrive')
    .description(
      'Write dead letters back to their original topic and partition (original bytes, key and headers, plus the re-drive counter); dry-run without --execute',
    )
    .requiredOption('-s, --service <name>', 'whose dead letters')
    .option('--filter <name=value>', filterHelp, collect)
    .option('--max-redrives <n>', 'loop guard: refuse a dead letter already re-driven n times', '3')
    .option('--execute', 'do it; without this flag nothing changes (dry-run)')
    .option('--actor <who>', 'who does this, for the audit trail (default: the OS user)')
    .addHelpText(
      'after',
      `
Examples:
  logisync dlq redrive --service billing-service --filter type=ShipmentDelivered
  logisync dlq redrive --service billing-service --filter offset=12 --execute --actor alice`,
    )
    .action(auditedAction<DlqOptions>('dlq redrive', (env) => redrive(env)));

  dlq
    .command('purge')
    .description(
      'Mark dead letters as handled without re-driving them (kept in the log, hidden from list); dry-run without --execute',
    )
    .requiredOption('-s, --service <name>', 'whose dead letters')
    .option('--filter <name=value>', filterHelp, collect)
    .option('--execute', 'do it; without this flag nothing changes (dry-run)')
    .option('--actor <who>', 'who does this, for the audit trail (default: the OS user)')
    .action(auditedAction<DlqOptions>('dlq purge', (env) => purge(env)));
}

async function purge(env: AuditedEnv<DlqOptions>) {
  const { topic, letters, ledger } = await selectDeadLetters(env);
  env.audit.details({ topic, filter: env.options.filter ?? [], count: letters.length });
  printLetters(env, letters);
  if (!env.options.execute) {
    env.audit.skip();
    env.out.result({ dryRun: true, topic, purge: letters.map(json) });
    env.out.note(`Dry run: ${letters.length} dead letters would be purged. Add --execute.`);
    return ExitCode.ok;
  }
  if (letters.length === 0) throw new CliError('no dead letter matches', ExitCode.invalid);
  const actor = actorOf(env.options.actor);
  for (const letter of letters) {
    await ledger.record({ topic, letter, status: 'purged', actor, actionId: env.audit.actionId });
  }
  env.audit.details({ purged: letters.map((l) => `${l.partition}@${l.offset}`) });
  env.out.result({ dryRun: false, topic, purged: letters.map(json) });
  env.out.note(`Purged ${letters.length} dead letters.`);
  return ExitCode.ok;
}
