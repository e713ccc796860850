import { topicSpec } from '@logisync/canonical-events';
import { waitFor } from '@logisync/test-kit';
import type { EventPublisher } from '../src';
import { ensureTopics } from '../src';
import { runTs, type Child } from './support/child-process';
import { countDistinctEffects } from './support/effects';
import { orderEvent } from './support/order-events';
import { unpublished } from './support/outbox-fill';
import { createRuntimeFixture, type RuntimeFixture } from './support/runtime-fixture';
import { orderPublisher } from './support/test-consumer';

describe('a NestJS service on the runtime receiving SIGTERM mid-stream', () => {
  let fixture: RuntimeFixture;
  let publisher: EventPublisher;
  const children: Child[] = [];

  beforeAll(async () => {
    fixture = await createRuntimeFixture('graceful', [
      'order.milestones.v1',
      'billing-service.dlq.v1',
    ]);
    const followUp = fixture.topic('follow-up');
    await ensureTopics(fixture.admin, [{ ...topicSpec('order.milestones.v1'), name: followUp }]);
    publisher = await orderPublisher(fixture);
  });

  afterAll(async () => {
    await Promise.all(children.map((c) => c.kill()));
    await publisher.disconnect();
    await fixture.admin
      .deleteTopics({ topics: [fixture.topic('follow-up')] })
      .catch(() => undefined);
    await fixture.close();
  });

  function service(): Child {
    const suffix = fixture.topic('x').slice('x.'.length);
    const child = runTs('support/nest-app-process.ts', {
      APP_DATABASE_URL: fixture.db.url,
      APP_TOPIC_SUFFIX: suffix,
      APP_LOG: process.env.APP_LOG ?? '',
    });
    children.push(child);
    return child;
  }

  async function committedTotal(): Promise<number> {
    const [topic] = await fixture.admin.fetchOffsets({
      groupId: fixture.topic('graceful-group'),
      topics: [fixture.topic('order.milestones.v1')],
    });
    return topic.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  }

  it('finishes in-flight work, commits exactly what it applied and flushes the outbox', async () => {
    const events = Array.from({ length: 400 }, (_, i) =>
      orderEvent('OrderHeld', `graceful-${i % 8}`),
    );
    for (const event of events) await publisher.publish('OrderHeld', event);

    const first = service();
    await waitFor(() => first.output().includes('ready'), {
      timeoutMs: 60_000,
      description: 'the service ready',
    });
    await waitFor(async () => (await countDistinctEffects(fixture.dataSource)) >= 40, {
      description: 'work under way',
    });
    first.process.kill('SIGTERM');
    await first.exited;
    expect(first.process.signalCode ?? first.process.exitCode).not.toBe('SIGKILL');

    const applied = await countDistinctEffects(fixture.dataSource);
    if (process.env.APP_LOG) console.log(first.output());
    expect(applied).toBeLessThan(400);
    expect(await committedTotal()).toBe(applied);
    expect(await unpublished(fixture.dataSource)).toBe(0);

    const second = service();
    await waitFor(() => second.output().includes('ready'), {
      timeoutMs: 60_000,
      description: 'restarted',
    });
    await waitFor(async () => (await countDistinctEffects(fixture.dataSource)) === 400, {
      timeoutMs: 60_000,
      description: 'the rest applied after the restart',
    });
    const rows: { n: number }[] = await fixture.dataSource.query(
      'SELECT count(*)::int AS n FROM effect',
    );
    expect(rows[0].n).toBe(400);
    await waitFor(async () => (await unpublished(fixture.dataSource)) === 0, {
      description: 'outbox flushed',
    });
    second.process.kill('SIGTERM');
    await second.exited;
  });
});
