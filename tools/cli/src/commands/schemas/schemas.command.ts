import {
  ConfluentSchemaRegistryAdapter,
  registerSchemas,
  schemaDescriptors,
  SchemaNotRegisteredError,
  subjectCompatibility,
} from '@logisync/canonical-events';
import type { Command } from 'commander';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { auditedAction, type AuditedEnv } from '../../audit/audited-action';
import { action, type CommandEnv } from '../../command-runner';
import { ExitCode } from '../../exit-codes';

interface SchemasOptions {
  offline?: boolean;
  execute?: boolean;
  actor?: string;
}

const repoRoot = join(__dirname, '..', '..', '..', '..', '..');

export function registerSchemasCommands(program: Command): void {
  const schemas = program
    .command('schemas')
    .description('The Avro contracts in schemas/ and in the registry');

  schemas
    .command('check')
    .description(
      'Check every version pair in schemas/ for FULL_TRANSITIVE compatibility (npm run schemas:check) and that the registry holds each version; exit 3 when not',
    )
    .option('--offline', 'only the repository check, not the registry')
    .action(action<SchemasOptions>((env) => check(env)));

  schemas
    .command('register')
    .description(
      `Register every schema version under its record-name subject (${subjectCompatibility}); dry-run without --execute`,
    )
    .option('--execute', 'register the versions the registry does not have yet')
    .option('--actor <who>', 'who does this, for the audit trail (default: the OS user)')
    .action(auditedAction<SchemasOptions>('schemas register', (env) => register(env)));
}

/** Which of this build's schema versions the registry has, and under which id. */
async function registryState(env: CommandEnv<SchemasOptions>) {
  const registry = new ConfluentSchemaRegistryAdapter({ url: env.ctx.registryUrl });
  const rows = [];
  for (const d of schemaDescriptors) {
    let id: number | null = null;
    try {
      id = await registry.idOf(d.fullName, d.schema);
    } catch (error) {
      if (!(error instanceof SchemaNotRegisteredError)) throw error;
    }
    rows.push({ subject: d.fullName, version: d.version, schemaId: id });
  }
  return rows;
}

async function check(env: CommandEnv<SchemasOptions>) {
  const local = spawnSync(
    process.execPath,
    [join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), join(repoRoot, 'tools/schemas/check.ts')],
    {
      cwd: repoRoot,
      encoding: 'utf8',
    },
  );
  const compatible = local.status === 0;
  env.out.note(`${local.stdout}${local.stderr}`.trim());
  const registered = env.options.offline ? [] : await registryState(env);
  const missing = registered.filter((r) => r.schemaId === null);
  env.out.result({
    compatible,
    repositoryCheck: `${local.stdout}${local.stderr}`.trim(),
    registry: registered,
  });
  if (!env.options.offline) {
    env.out.table(
      '\nRegistry',
      registered.map((r) => ({ ...r, schemaId: r.schemaId ?? 'NOT REGISTERED' })),
    );
  }
  return compatible && missing.length === 0 ? ExitCode.ok : ExitCode.invalid;
}

async function register(env: AuditedEnv<SchemasOptions>) {
  const before = await registryState(env);
  const missing = before.filter((r) => r.schemaId === null);
  if (!env.options.execute) {
    env.audit.skip();
    env.out.result({ dryRun: true, missing });
    env.out.table(
      undefined,
      before.map((r) => ({ ...r, schemaId: r.schemaId ?? 'would register' })),
    );
    return ExitCode.ok;
  }
  const bar = env.out.progress('registering', schemaDescriptors.length);
  let done = 0;
  const registry = new ConfluentSchemaRegistryAdapter({ url: env.ctx.registryUrl });
  const results = await registerSchemas(registry, schemaDescriptors, (r) =>
    bar.update(++done, r.subject),
  );
  bar.finish();
  env.audit.details({ registered: missing.map((m) => `${m.subject} v${m.version}`) });
  env.out.result({ dryRun: false, results, newlyRegistered: missing.length });
  env.out.table(
    undefined,
    results.map((r) => ({ ...r })),
  );
  return ExitCode.ok;
}
