import { waitFor } from '@logisync/test-kit';
import type { Consumer } from 'kafkajs';
import type { EventPublisher } from '../src';
import { countDistinctEffects } from './support/effects';
import { orderEvent } from './support/order-events';
import { createRuntimeFixture, type RuntimeFixture } from './support/runtime-fixture';
import { orderPublisher, testConsumer } from './support/test-consumer';

describe('the stall watchdog', () => {
  let fixture: RuntimeFixture;
  let publisher: EventPublisher;

  beforeAll(async () => {
    fixture = await createRuntimeFixture('stall', [
      'order.milestones.v1',
      'billing-service.dlq.v1',
    ]);
    publisher = await orderPublisher(fixture);
  });

  afterAll(async () => {
    await publisher.disconnect();
    await fixture.close();
  });

  it('restarts a consumer that stopped fetching while messages wait', async () => {
    const { runner, registry } = testConsumer(fixture, {
      watchdog: { intervalMs: 500, stallAfterMs: 2_000 },
    });
    await runner.start();
    try {
      for (let i = 0; i < 10; i++)
        await publisher.publish('OrderHeld', orderEvent('OrderHeld', `stall-${i}`));
      await waitFor(async () => (await countDistinctEffects(fixture.dataSource)) === 10, {
        description: 'the first events applied',
      });
      // What kafkajs does in its known silent failures: the consumer stays connected and stops fetching.
      await (runner as unknown as { consumer: Consumer }).consumer.stop();
      for (let i = 0; i < 10; i++)
        await publisher.publish('OrderHeld', orderEvent('OrderHeld', `stall-late-${i}`));
      await waitFor(async () => (await countDistinctEffects(fixture.dataSource)) === 20, {
        timeoutMs: 60_000,
        description: 'the late events applied after the watchdog restarted the consumer',
      });
      const restarts = await registry.getSingleMetricAsString('logisync_consumer_restarts_total');
      expect(restarts).toMatch(/reason="stalled"} [1-9]/);
    } finally {
      await runner.stop();
    }
  });

  it('leaves an idle consumer with nothing to read alone', async () => {
    const { runner, registry } = testConsumer(fixture, {
      groupId: fixture.topic('idle-group'),
      watchdog: { intervalMs: 200, stallAfterMs: 500 },
    });
    await runner.start();
    try {
      await waitFor(
        async () =>
          (await countDistinctEffects(fixture.dataSource)) === 20 && runner.status().joins > 0,
        {
          description: 'caught up',
        },
      );
      const joinsBefore = runner.status().joins;
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(runner.status().joins).toBe(joinsBefore);
      expect(
        await registry.getSingleMetricAsString('logisync_consumer_restarts_total'),
      ).not.toMatch(/reason=/);
    } finally {
      await runner.stop();
    }
  });
});
