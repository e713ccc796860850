import { stackEndpoints, uniqueName, waitFor } from '@logisync/test-kit';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createKafka, OutboxRelay, silentLogger } from '../src';
import { countDistinctEffects } from './support/effects';
import { fillOutbox, unpublished } from './support/outbox-fill';
import { createRuntimeFixture, type RuntimeFixture } from './support/runtime-fixture';
import { testConsumer } from './support/test-consumer';

const run = promisify(execFile);
const stackCli = join(__dirname, '../../../tools/stack/stack.mjs');

describe('the runtime when the broker is killed and restarted', () => {
  let fixture: RuntimeFixture;

  beforeAll(async () => {
    fixture = await createRuntimeFixture('broker', [
      'order.milestones.v1',
      'billing-service.dlq.v1',
    ]);
  });

  afterAll(async () => {
    await run(process.execPath, [stackCli, 'start', 'kafka'], { timeout: 120_000 });
    await fixture.close();
  });

  it('recovers by itself, loses nothing and applies everything once', async () => {
    const relay = new OutboxRelay({
      service: 'order-service',
      databaseUrl: fixture.db.url,
      kafka: createKafka({
        clientId: uniqueName('relay'),
        brokers: stackEndpoints.kafkaBrokers,
        logger: silentLogger,
      }),
      lockRetryMs: 200,
    });
    const { runner, registry } = testConsumer(fixture);
    const orders = Array.from({ length: 10 }, (_, i) => `broker-order-${i}`);
    relay.start();
    await runner.start();
    try {
      await fillOutbox(fixture, { orders, transactions: 20, perTransaction: 10 });
      await waitFor(async () => (await countDistinctEffects(fixture.dataSource)) === 200, {
        timeoutMs: 60_000,
        description: 'the first 200 applied',
      });

      await run(process.execPath, [stackCli, 'stop', 'kafka', '--signal', 'SIGKILL'], {
        timeout: 60_000,
      });
      await fillOutbox(fixture, { orders, transactions: 20, perTransaction: 10 });
      expect(await unpublished(fixture.dataSource)).toBeGreaterThan(0);
      await run(process.execPath, [stackCli, 'start', 'kafka'], { timeout: 120_000 });

      await waitFor(async () => (await countDistinctEffects(fixture.dataSource)) === 400, {
        timeoutMs: 180_000,
        intervalMs: 500,
        description: 'all 400 applied after the broker came back',
      });
      expect(await unpublished(fixture.dataSource)).toBe(0);
      const rows: { n: number }[] = await fixture.dataSource.query(
        'SELECT count(*)::int AS n FROM effect',
      );
      expect(rows[0].n).toBe(400);
      expect(runner.status().running).toBe(true);
      const deadLetters = await registry.getSingleMetricAsString('logisync_dead_letters_total');
      expect(deadLetters).not.toMatch(/logisync_dead_letters_total\{/);
    } finally {
      await runner.stop();
      await relay.stop({ drainTimeoutMs: 1_000 });
    }
  }, 300_000);
});
