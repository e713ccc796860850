import { stackEndpoints, uniqueName, waitFor } from '@logisync/test-kit';
import { Registry } from 'prom-client';
import { createKafka, OutboxRelay, RuntimeMetrics, silentLogger } from '../src';
import { fillOutbox, unpublished } from './support/outbox-fill';
import { createRuntimeFixture, type RuntimeFixture } from './support/runtime-fixture';

async function outboxRows(fixture: RuntimeFixture): Promise<number> {
  const rows: { n: number }[] = await fixture.dataSource.query(
    'SELECT count(*)::int AS n FROM outbox_message',
  );
  return rows[0].n;
}

describe('the relay housekeeping and shutdown', () => {
  let fixture: RuntimeFixture;

  beforeEach(async () => {
    fixture = await createRuntimeFixture('housekeeping', ['order.milestones.v1']);
  });

  afterEach(() => fixture.close());

  function relay(overrides: Partial<ConstructorParameters<typeof OutboxRelay>[0]> = {}) {
    return new OutboxRelay({
      service: 'order-service',
      databaseUrl: fixture.db.url,
      kafka: createKafka({
        clientId: uniqueName('relay'),
        brokers: stackEndpoints.kafkaBrokers,
        logger: silentLogger,
      }),
      lockRetryMs: 200,
      ...overrides,
    });
  }

  it('deletes sent rows and reports backlog metrics', async () => {
    const registry = new Registry();
    const metrics = new RuntimeMetrics(registry, 'order-service');
    const r = relay({ pollIntervalMs: 100, metrics });
    await fillOutbox(fixture, { orders: ['o-1'], transactions: 3, perTransaction: 5 });
    r.start();
    try {
      await waitFor(async () => (await outboxRows(fixture)) === 0, {
        description: 'sent rows deleted',
      });
      const published = await registry.getSingleMetricAsString('logisync_events_published_total');
      expect(published).toMatch(/} 15$/m);
      await waitFor(
        async () => /} 0$/m.test(await registry.getSingleMetricAsString('logisync_outbox_backlog')),
        { description: 'the backlog gauge at 0' },
      );
    } finally {
      await r.stop();
    }
  });

  it('drains what is pending when stopped', async () => {
    const r = relay({ pollIntervalMs: 60_000, batchSize: 50 });
    r.start();
    await waitFor(() => r.isActive(), { description: 'the relay active' });
    // One commit of 1,000 rows wakes the relay; stopping right away catches it mid-way.
    await fillOutbox(fixture, { orders: ['o-1', 'o-2'], transactions: 1, perTransaction: 1_000 });
    const pendingAtStop = await unpublished(fixture.dataSource);
    await r.stop({ drainTimeoutMs: 30_000 });
    expect(pendingAtStop).toBeGreaterThan(0);
    expect(await unpublished(fixture.dataSource)).toBe(0);
  });
});
