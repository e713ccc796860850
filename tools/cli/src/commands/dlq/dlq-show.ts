import { ConfluentSchemaRegistryAdapter, EventCodec } from '@logisync/canonical-events';
import type { CommandEnv } from '../../command-runner';
import { CliError, ExitCode } from '../../exit-codes';
import { selectDeadLetters, type DlqOptions } from './dlq-selection';

export async function showDeadLetter(env: CommandEnv<DlqOptions>) {
  const { topic, letters } = await selectDeadLetters({
    ...env,
    options: { ...env.options, all: true, filter: [] },
  });
  const letter = letters.find(
    (l) => l.offset === Number(env.options.offset) && l.partition === Number(env.options.partition),
  );
  if (!letter) {
    throw new CliError(
      `no dead letter at ${topic} partition ${env.options.partition} offset ${env.options.offset}`,
      ExitCode.invalid,
    );
  }
  const codec = new EventCodec(new ConfluentSchemaRegistryAdapter({ url: env.ctx.registryUrl }));
  let event: unknown = null;
  let decodeError: string | null = null;
  try {
    event = (await codec.decode(letter.value)).event;
  } catch (error) {
    decodeError = (error as Error).message;
  }
  const value = letter.value?.toString('base64') ?? null;
  env.out.result({ topic, ...letter, value, event, decodeError });
  env.out.note(`${topic} partition ${letter.partition} offset ${letter.offset} (${letter.status})`);
  env.out.table(
    '\nHeaders',
    Object.entries(letter.headers).map(([name, v]) => ({ header: name, value: v })),
  );
  env.out.note('\nEvent');
  env.out.note(
    decodeError
      ? `(does not decode: ${decodeError})\nbase64: ${value}`
      : JSON.stringify(event, null, 2),
  );
}
