import { Command, Option } from 'commander';
import { registerAudit } from './commands/audit/audit.command';
import { registerDlq } from './commands/dlq/dlq.command';
import { registerKeys } from './commands/keys/keys.command';
import { registerPublish } from './commands/publish/publish.command';
import { registerSchemasCommands } from './commands/schemas/schemas.command';
import { registerTopics } from './commands/topics/topics.command';
import { registerRebuild } from './commands/rebuild/rebuild.command';
import { registerLag } from './commands/lag/lag.command';
import { registerRecover } from './commands/recover/recover.command';
import { registerReplay } from './commands/replay/replay.command';

/** The `logisync` command tree; every command has --help and --json. */
export function buildProgram(): Command {
  const program = new Command('logisync')
    .description(
      'Operate logisync after an incident: lag, replay, recover (dry run), rebuild, dead letters, publish, topics, schemas, audit, API keys.',
    )
    .version('0.1.0')
    .option('--json', 'print one JSON document on stdout instead of tables')
    .option(
      '--brokers <list>',
      'Kafka bootstrap servers (env KAFKA_BROKERS, default 127.0.0.1:9092)',
    )
    .option('--registry <url>', 'schema registry ccompat base URL (env SCHEMA_REGISTRY_URL)')
    .addOption(
      new Option(
        '--namespace <suffix>',
        'append .<suffix> to every topic and group name (isolated test stacks; env LOGISYNC_NAMESPACE)',
      ),
    )
    .showHelpAfterError()
    .exitOverride();
  registerLag(program);
  registerRecover(program);
  registerReplay(program);
  registerDlq(program);
  registerPublish(program);
  registerTopics(program);
  registerSchemasCommands(program);
  registerRebuild(program);
  registerAudit(program);
  registerKeys(program);
  return program;
}
