import { randomUUID } from 'node:crypto';
import { action, type CommandEnv } from '../command-runner';
import { actorOf } from '../context';
import { CliError, ExitCode, type ExitCodeValue } from '../exit-codes';
import { insertAction, type OperatorAction } from './audit-store';
import { publishAction } from './audit-topic';

/** What a mutating command tells the audit trail while it runs. */
export class AuditScope {
  readonly actionId = randomUUID();
  skipped = false;
  before: unknown[] = [];
  after: unknown[] = [];
  readonly extra: Record<string, unknown> = {};

  /** Nothing changed (a dry run): no audit record. */
  skip(): void {
    this.skipped = true;
  }

  offsets(before: unknown[], after: unknown[]): void {
    this.before = before;
    this.after = after;
  }

  details(values: Record<string, unknown>): void {
    Object.assign(this.extra, values);
  }
}

export type AuditedEnv<O> = CommandEnv<O> & { audit: AuditScope };

const outcomeOf = (code: number): OperatorAction['outcome'] =>
  code === ExitCode.ok ? 'succeeded' : code === ExitCode.refused ? 'refused' : 'failed';

/**
 * A command that changes something: whatever happens, it leaves one record (actor, time,
 * command, arguments, offsets before and after, outcome) in the ops database and on
 * ops.audit.v1. Runs without --execute are dry runs and leave none.
 */
export function auditedAction<O extends { actor?: string; execute?: boolean }>(
  command: string,
  body: (env: AuditedEnv<O>) => Promise<ExitCodeValue | void>,
  isMutating: (options: O) => boolean = (o) => Boolean(o.execute),
) {
  return action<O>(async (env) => {
    const audit = new AuditScope();
    const at = new Date();
    let code: ExitCodeValue = ExitCode.ok;
    let failure: unknown;
    try {
      code = (await body({ ...env, audit })) ?? ExitCode.ok;
    } catch (error) {
      failure = error;
      code = error instanceof CliError ? error.exitCode : ExitCode.failed;
    }
    if (isMutating(env.options) && !audit.skipped && code !== ExitCode.usage) {
      const record: OperatorAction = {
        actionId: audit.actionId,
        actor: actorOf(env.options.actor),
        at,
        command,
        arguments: env.argv,
        details: audit.extra,
        offsetsBefore: audit.before,
        offsetsAfter: audit.after,
        outcome: outcomeOf(code),
        exitCode: code,
        error: failure instanceof Error ? failure.message : null,
      };
      await writeRecord(env, record);
    }
    if (failure) throw failure;
    return code;
  });
}

async function writeRecord(env: CommandEnv<unknown>, record: OperatorAction): Promise<void> {
  const problems: string[] = [];
  await insertAction(env.ctx.opsDatabaseUrl, record).catch((e: Error) =>
    problems.push(`audit table: ${e.message}`),
  );
  await publishAction(env.ctx, env.kafka, record).catch((e: Error) =>
    problems.push(`${env.ctx.topic('ops.audit.v1')}: ${e.message}`),
  );
  for (const p of problems) env.out.warn(`WARNING: the audit record was not written to the ${p}`);
}
