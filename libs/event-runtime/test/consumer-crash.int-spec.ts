import { uniqueName, waitFor } from '@logisync/test-kit';
import type { EventPublisher } from '../src';
import { runTs, type Child } from './support/child-process';
import { countDistinctEffects, countEffects } from './support/effects';
import { orderEvent } from './support/order-events';
import { createRuntimeFixture, type RuntimeFixture } from './support/runtime-fixture';
import { orderPublisher, testConsumer } from './support/test-consumer';
import { Tenant } from './support/test-handlers';

describe('the consumer loop under crashes and slow handlers', () => {
  let fixture: RuntimeFixture;
  let publisher: EventPublisher;
  const children: Child[] = [];

  beforeAll(async () => {
    fixture = await createRuntimeFixture('crash', [
      'order.milestones.v1',
      'billing-service.dlq.v1',
    ]);
    publisher = await orderPublisher(fixture);
  });

  afterAll(async () => {
    await Promise.all(children.map((c) => c.kill()));
    await publisher.disconnect();
    await fixture.close();
  });

  function consumerProcess(env: Record<string, string>): Child {
    const child = runTs('support/consumer-process.ts', {
      CONSUMER_DATABASE_URL: fixture.db.url,
      CONSUMER_TOPIC: fixture.topic('order.milestones.v1'),
      CONSUMER_GROUP: fixture.topic('crash-group'),
      CONSUMER_DLQ: fixture.topic('billing-service.dlq.v1'),
      ...env,
    });
    children.push(child);
    return child;
  }

  it('neither doubles nor loses an effect when killed between the database and offset commits', async () => {
    const events = Array.from({ length: 60 }, (_, i) =>
      orderEvent('OrderHeld', `crash-order-${i % 6}`),
    );
    for (const event of events) await publisher.publish('OrderHeld', event);
    const crashing = consumerProcess({ CRASH_AFTER_TX: '1' });
    await crashing.exited;
    expect(crashing.process.signalCode).toBe('SIGKILL');
    const committedBeforeRestart = await countDistinctEffects(fixture.dataSource);
    expect(committedBeforeRestart).toBeGreaterThan(0);

    const restarted = consumerProcess({});
    await waitFor(async () => (await countDistinctEffects(fixture.dataSource)) === 60, {
      timeoutMs: 60_000,
      description: 'all 60 events applied after the restart',
    });
    await restarted.kill('SIGTERM');
    expect(await countEffects(fixture.dataSource)).toBe(60);
  });

  it('keeps a member whose handler runs 40 s in its group and applies the event once', async () => {
    const { runner, registry } = testConsumer(fixture, { groupId: fixture.topic('slow-group') });
    await runner.start();
    try {
      const orderId = uniqueName('slow');
      await publisher.publish('OrderReleased', orderEvent('OrderReleased', orderId, Tenant.slow));
      await publisher.publish('OrderHeld', orderEvent('OrderHeld', orderId));
      await waitFor(
        async () => {
          const rows: { n: number }[] = await fixture.dataSource.query(
            'SELECT count(*)::int AS n FROM effect WHERE order_id = $1',
            [orderId],
          );
          return rows[0].n === 2;
        },
        { timeoutMs: 90_000, intervalMs: 500, description: 'the slow event and the next applied' },
      );
      expect(runner.status().joins).toBe(1);
      const consumed = await registry.getSingleMetricAsString('logisync_events_consumed_total');
      expect(consumed).not.toMatch(/event_type="OrderReleased",outcome="duplicate"/);
    } finally {
      await runner.stop();
    }
  }, 150_000);
});
