import { privatePostgres, waitFor, type PrivatePostgres } from '@logisync/test-kit';
import type { EventPublisher } from '../src';
import { countDistinctEffects } from './support/effects';
import { orderEvent } from './support/order-events';
import { createRuntimeFixture, type RuntimeFixture } from './support/runtime-fixture';
import { orderPublisher, testConsumer } from './support/test-consumer';

describe('the consumer loop while PostgreSQL is down', () => {
  let postgres: PrivatePostgres;
  let fixture: RuntimeFixture;
  let publisher: EventPublisher;

  beforeAll(async () => {
    postgres = await privatePostgres();
    fixture = await createRuntimeFixture(
      'outage',
      ['order.milestones.v1', 'billing-service.dlq.v1'],
      postgres.url,
    );
    publisher = await orderPublisher(fixture);
  });

  afterAll(async () => {
    await publisher.disconnect();
    await fixture.close().catch(() => undefined);
    postgres.destroy();
  });

  it('retries through a 15 s outage, dead-letters nothing, and applies everything after', async () => {
    const { runner, registry } = testConsumer(fixture);
    await runner.start();
    try {
      const events = Array.from({ length: 200 }, (_, i) =>
        orderEvent('OrderHeld', `outage-${i % 12}`),
      );
      for (const event of events.slice(0, 100)) await publisher.publish('OrderHeld', event);
      await waitFor(async () => (await countDistinctEffects(fixture.dataSource)) === 100, {
        description: 'the first 100 applied',
      });

      postgres.stop();
      const downSince = Date.now();
      for (const event of events.slice(100)) await publisher.publish('OrderHeld', event);
      await waitFor(
        async () =>
          /error_class="transient"/.test(
            await registry.getSingleMetricAsString('logisync_consumer_retries_total'),
          ),
        { description: 'transient retries while the database is down' },
      );
      await waitFor(() => Date.now() - downSince >= 15_000, {
        timeoutMs: 20_000,
        intervalMs: 250,
        description: '15 s of outage',
      });
      postgres.start();

      await waitFor(async () => (await countDistinctEffects(fixture.dataSource)) === 200, {
        timeoutMs: 90_000,
        intervalMs: 500,
        description: 'all 200 applied after recovery',
      });
      const rows: { n: number }[] = await fixture.dataSource.query(
        'SELECT count(*)::int AS n FROM effect',
      );
      expect(rows[0].n).toBe(200);
      const deadLetters = await registry.getSingleMetricAsString('logisync_dead_letters_total');
      expect(deadLetters).not.toMatch(/logisync_dead_letters_total\{/);
    } finally {
      await runner.stop();
    }
  }, 180_000);
});
