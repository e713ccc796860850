import { readHeaders } from '@logisync/canonical-events';
import { stackEndpoints, uniqueName, waitFor } from '@logisync/test-kit';
import { createKafka, OutboxRelay, silentLogger } from '../src';
import { runTs, type Child } from './support/child-process';
import { countDistinctEffects } from './support/effects';
import { fillOutbox, unpublished } from './support/outbox-fill';
import { createRuntimeFixture, type RuntimeFixture } from './support/runtime-fixture';
import { testConsumer } from './support/test-consumer';

describe('the outbox relay', () => {
  let fixture: RuntimeFixture;
  const children: Child[] = [];
  const relays: OutboxRelay[] = [];

  function relayProcess(env: Record<string, string> = {}): Child {
    const child = runTs('support/relay-process.ts', { RELAY_DATABASE_URL: fixture.db.url, ...env });
    children.push(child);
    return child;
  }

  function inProcessRelay(): OutboxRelay {
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
    relays.push(relay);
    return relay;
  }

  beforeEach(async () => {
    fixture = await createRuntimeFixture('relay', [
      'order.milestones.v1',
      'billing-service.dlq.v1',
    ]);
  });

  afterEach(async () => {
    await Promise.all(children.splice(0).map((c) => c.kill()));
    await Promise.all(relays.splice(0).map((r) => r.stop({ drainTimeoutMs: 1_000 })));
    await fixture.close();
  });

  it('re-sends after a SIGKILL between send and mark; the inbox absorbs the duplicates', async () => {
    await fillOutbox(fixture, { orders: ['o-1', 'o-2'], transactions: 4, perTransaction: 5 });
    const crashing = relayProcess({ CRASH_AFTER_SEND: '1', RELAY_BATCH_SIZE: '10' });
    await crashing.exited;
    expect(crashing.process.signalCode).toBe('SIGKILL');
    expect(await unpublished(fixture.dataSource)).toBe(20);

    inProcessRelay().start();
    await waitFor(async () => (await unpublished(fixture.dataSource)) === 0, {
      description: 'all published',
    });
    const { runner, registry } = testConsumer(fixture);
    await runner.start();
    try {
      await waitFor(async () => (await countDistinctEffects(fixture.dataSource)) === 20, {
        description: '20 events applied',
      });
      const consumed = await registry.getSingleMetricAsString('logisync_events_consumed_total');
      expect(consumed).toMatch(/outcome="duplicate"} 10/);
      const rows: { n: number }[] = await fixture.dataSource.query(
        'SELECT count(*)::int AS n FROM effect',
      );
      expect(rows[0].n).toBe(20);
    } finally {
      await runner.stop();
    }
  });

  it('lets one relay publish at a time and fails over when it dies', async () => {
    const first = relayProcess();
    await waitFor(() => first.output().includes('active'), {
      description: 'the first relay active',
    });
    const standby = inProcessRelay();
    standby.start();
    await fillOutbox(fixture, { orders: ['o-1'], transactions: 2, perTransaction: 5 });
    await waitFor(async () => (await unpublished(fixture.dataSource)) === 0, {
      description: 'published by the first',
    });
    expect(standby.isActive()).toBe(false);

    await first.kill('SIGKILL');
    await waitFor(() => standby.isActive(), {
      timeoutMs: 10_000,
      description: 'the standby taking over',
    });
    await fillOutbox(fixture, { orders: ['o-1'], transactions: 2, perTransaction: 5 });
    await waitFor(async () => (await unpublished(fixture.dataSource)) === 0, {
      description: 'published by the standby',
    });
  });

  it('publishes 10,000 events from 1,000 transactions in per-key order although killed twice', async () => {
    const orders = Array.from({ length: 50 }, (_, i) => `order-${i}`);
    await fillOutbox(fixture, { orders, transactions: 1_000, perTransaction: 10 });
    for (let kill = 0; kill < 2; kill++) {
      const relay = relayProcess({ RELAY_BATCH_SIZE: '200' });
      const target = 10_000 - 3_000 * (kill + 1);
      await waitFor(async () => (await unpublished(fixture.dataSource)) <= target, {
        timeoutMs: 60_000,
        description: `the relay past ${10_000 - target} events`,
      });
      await relay.kill('SIGKILL');
    }
    expect(await unpublished(fixture.dataSource)).toBeGreaterThan(0);
    inProcessRelay().start();
    await waitFor(async () => (await unpublished(fixture.dataSource)) === 0, {
      timeoutMs: 60_000,
      description: 'everything published',
    });

    const seen = new Map<string, { eventIds: Set<string>; sequence: number[] }>();
    let received = 0;
    const reader = fixture.kafka.consumer({ groupId: uniqueName('order-check') });
    await reader.connect();
    await reader.subscribe({ topics: [fixture.topic('order.milestones.v1')], fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        received++;
        const key = message.key!.toString();
        const eventId = readHeaders(message.headers)['event-id'];
        const entry = seen.get(key) ?? { eventIds: new Set(), sequence: [] };
        seen.set(key, entry);
        if (entry.eventIds.has(eventId)) return;
        entry.eventIds.add(eventId);
        const { event } = await fixture.codec.decode(message.value);
        entry.sequence.push(Number((event as { detail: string }).detail));
      },
    });
    try {
      await waitFor(() => [...seen.values()].reduce((n, e) => n + e.eventIds.size, 0) === 10_000, {
        timeoutMs: 60_000,
        description: '10,000 distinct events read back',
      });
    } finally {
      await reader.disconnect();
    }
    expect(received).toBeGreaterThanOrEqual(10_000);
    for (const [, { sequence }] of seen) {
      expect(sequence).toEqual(Array.from({ length: 200 }, (_, i) => i));
    }
  });
});
