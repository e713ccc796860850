import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadKafkaSecurity, type KafkaSecurity } from '@logisync/event-runtime';
import { freePort } from '@logisync/test-kit';

const run = promisify(execFile);
const REPO_ROOT = path.resolve(__dirname, '../../../..');
const stackCli = path.join(REPO_ROOT, 'tools/stack/stack.mjs');

export interface SecureBroker {
  /** The temporary STACK_DIR. */
  dir: string;
  /** What `stack.mjs env` printed: KAFKA_BROKERS, KAFKA_SASL_*, KAFKA_TLS*, and the rest. */
  clientEnv: Record<string, string>;
  brokers: string[];
  security: KafkaSecurity;
  /** The client password, to check that nothing prints it. */
  password: string;
  /** What `start kafka --secure` printed. */
  startOutput: string;
  kafkaLog: string;
  stop(): Promise<void>;
}

/** The lines of `stack.mjs env`, as variables. */
export const parseExports = (text: string): Record<string, string> =>
  Object.fromEntries(
    [...text.matchAll(/^export (\w+)='([^']*)'$/gm)].map((m) => [m[1], m[2]] as const),
  );

/**
 * `stack.mjs start kafka --secure` in a temporary STACK_DIR on free ports (the shared stack's
 * jars, read only, so Maven does not resolve them again). `stop()` stops it and removes the dir;
 * call it even when starting failed.
 */
export async function startSecureBroker(): Promise<SecureBroker> {
  const dir = mkdtempSync(path.join(tmpdir(), 'logisync-secure-stack-'));
  const jars = path.join(process.env.STACK_DIR ?? path.join(REPO_ROOT, '.stack'), 'kafka', 'lib');
  if (existsSync(jars)) {
    mkdirSync(path.join(dir, 'kafka'), { recursive: true });
    symlinkSync(jars, path.join(dir, 'kafka', 'lib'));
  }
  const env = {
    ...process.env,
    STACK_DIR: dir,
    KAFKA_BROKERS: `127.0.0.1:${await freePort()}`,
    KAFKA_CONTROLLER_PORT: String(await freePort()),
    KAFKA_HEAP: '-Xms128m -Xmx256m',
  };
  const stack = (...args: string[]) =>
    run(process.execPath, [stackCli, ...args], { env, timeout: 150_000 });
  const stop = async () => {
    await stack('stop', 'kafka').catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const up = await stack('start', 'kafka', '--secure');
    const clientEnv = parseExports((await stack('env')).stdout);
    const security = loadKafkaSecurity(clientEnv);
    return {
      dir,
      clientEnv,
      brokers: clientEnv.KAFKA_BROKERS.split(','),
      security,
      password: security.sasl?.password ?? '',
      startOutput: `${up.stdout}${up.stderr}`,
      kafkaLog: path.join(dir, 'logs', 'kafka.log'),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
