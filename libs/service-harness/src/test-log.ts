import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import type { RuntimeLogger } from '@logisync/event-runtime';

/** Where in-process services of the tests write their warnings and errors. */
export const TEST_LOG_DIR = join(__dirname, '..', '..', '..', 'test-artifacts', 'logs');

/**
 * A service's warnings and errors in `test-artifacts/logs/<name>.log` (JSON lines), written as
 * they happen: a test that fails or hangs leaves the runtime's account behind (kafkajs, the
 * registry, the relay), and `npm test` prints the tails of these files when a step fails.
 */
export function testLog(name: string): RuntimeLogger {
  mkdirSync(TEST_LOG_DIR, { recursive: true });
  return pino(
    { level: 'warn', base: { test: name } },
    pino.destination({ dest: join(TEST_LOG_DIR, `${name}.log`), sync: true }),
  );
}
