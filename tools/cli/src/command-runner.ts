import type { Command } from 'commander';
import { CliContext, type GlobalOptions } from './context';
import { CliError, ExitCode, type ExitCodeValue } from './exit-codes';
import { KafkaSession } from './kafka/kafka-session';
import { Output } from './output/output';

export interface CommandEnv<O> {
  ctx: CliContext;
  out: Output;
  kafka: KafkaSession;
  options: O & GlobalOptions;
  args: string[];
  /** The command line as typed, for the audit trail. */
  argv: string[];
}

export type CommandBody<O> = (env: CommandEnv<O>) => Promise<ExitCodeValue | void>;

/** Wraps a command body: context from options and env, one Kafka session, errors to exit codes. */
export function action<O>(body: CommandBody<O>) {
  return async (...params: unknown[]): Promise<void> => {
    const command = params[params.length - 1] as Command;
    const options = command.optsWithGlobals() as O & GlobalOptions;
    const out = new Output(Boolean(options.json));
    let kafka: KafkaSession | undefined;
    try {
      const ctx = new CliContext(options);
      kafka = new KafkaSession(ctx.brokers, ctx.kafkaSecurity);
      const code = await body({
        ctx,
        out,
        kafka,
        options,
        args: command.args,
        argv: process.argv.slice(2),
      });
      process.exitCode = code ?? ExitCode.ok;
    } catch (error) {
      process.exitCode = report(error, out);
    } finally {
      await kafka?.close();
    }
  };
}

function report(error: unknown, out: Output): ExitCodeValue {
  const code = error instanceof CliError ? error.exitCode : classify(error);
  const message = error instanceof Error ? error.message : String(error);
  if (out.json) out.result({ error: message, exitCode: code });
  out.warn(`logisync: ${message}`);
  return code;
}

function classify(error: unknown): ExitCodeValue {
  const e = error as { name?: string; code?: string; retriable?: boolean };
  if (e?.name?.startsWith('KafkaJSConnection') || e?.code === 'ECONNREFUSED') {
    return ExitCode.unavailable;
  }
  if (e?.code === 'REGISTRY.UNAVAILABLE') return ExitCode.unavailable;
  return ExitCode.failed;
}
