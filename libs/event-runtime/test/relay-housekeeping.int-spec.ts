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

  it('purges published rows past the retention and reports backlog metrics', async () => {
    const registry = new Registry();
    const metrics = new RuntimeMetrics(registry, 'order-service');
    const r = relay({ retentionMs: 0, pollIntervalMs: 100, metrics });
    await fillOutbox(fixture, { orders: ['o-1'], transactions: 3, perTransaction: 5 });
    r.start();
    try {
      await waitFor(async () => (await outboxRows(fixture)) === 0, {
        description: 'published rows purged',
      });
      const published = await registry.getSingleMetricAsString('logisync_events_published_total');
      expect(published).toMatch(/} 15$/m);
      expect(await registry.getSingleMetricAsString('logisync_outbox_backlog')).toMatch(/} 0$/m);
    } finally {
      await r.stop();
    }
  });

  it('keeps published rows within the retention', async () => {
    const r = relay({ retentionMs: 3_600_000, pollIntervalMs: 100 });
    await fillOutbox(fixture, { orders: ['o-1'], transactions: 2, perTransaction: 5 });
    r.start();
    try {
      await waitFor(async () => (await unpublished(fixture.dataSource)) === 0, {
        description: 'published',
      });
      expect(await outboxRows(fixture)).toBe(10);
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
