import { generateApiKey, hashApiKey, parseApiClients, ApiConfigError } from '@logisync/http-kit';
import type { Command } from 'commander';
import { action, type CommandEnv } from '../../command-runner';
import { usageError } from '../../exit-codes';

interface NewKeyOptions {
  client: string;
  scopes: string;
  perSecond?: string;
  burst?: string;
}

export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('API keys for the services (API_KEYS entries)');
  keys
    .command('new')
    .description(
      'Make a key for a client: prints the key once (give it to the client) and the API_KEYS entry, which holds only its SHA-256',
    )
    .requiredOption('--client <name>', 'who calls, e.g. erp, carrier-dhl, operator-ada')
    .requiredOption(
      '--scopes <list>',
      'comma-separated: orders:write, orders:read, warehouse:operate, warehouse:read, transport:operate, transport:read, carrier:<carrierId>, billing:operate, billing:read, exceptions:operate, tower:read, ops:admin',
    )
    .option('--per-second <n>', 'own rate limit (default: the service default)')
    .option('--burst <n>', 'own burst with --per-second (default: twice the rate)')
    .action(action<NewKeyOptions>(async (env) => newKey(env)));
}

async function newKey({ options, out }: CommandEnv<NewKeyOptions>) {
  const key = generateApiKey();
  const perSecond = options.perSecond === undefined ? undefined : Number(options.perSecond);
  const entry = {
    client: options.client,
    keySha256: hashApiKey(key),
    scopes: options.scopes
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    ...(perSecond === undefined
      ? {}
      : {
          rateLimit: {
            perSecond,
            burst: options.burst === undefined ? perSecond * 2 : Number(options.burst),
          },
        }),
  };
  try {
    // The same checks the services make when they read API_KEYS.
    parseApiClients(JSON.stringify([entry]), 'the new entry');
  } catch (error) {
    if (error instanceof ApiConfigError) throw usageError(error.problems.join('; '));
    throw error;
  }
  out.result({ key, entry });
  out.note(`key (shown once; send it as x-api-key):\n  ${key}`);
  out.note(`API_KEYS entry (add it to the services' JSON list):\n  ${JSON.stringify(entry)}`);
}
