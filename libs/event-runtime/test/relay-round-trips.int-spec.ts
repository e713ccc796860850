import { stackEndpoints, uniqueName, waitFor } from '@logisync/test-kit';
import { Registry } from 'prom-client';
import { createKafka, OutboxRelay, RuntimeMetrics, silentLogger } from '../src';
import { fillOutbox } from './support/outbox-fill';
import { RoundTripCounter } from './support/round-trip-counter';
import { createRuntimeFixture, type RuntimeFixture } from './support/runtime-fixture';

/**
 * The relay's database round trips, counted on the wire between it and PostgreSQL: the
 * relay's cost per business transaction is what issue 20 wants down.
 */
describe('the relay round trips', () => {
  let fixture: RuntimeFixture;
  let counter: RoundTripCounter;
  let relay: OutboxRelay;
  let registry: Registry;
  let sends = 0;

  beforeEach(async () => {
    fixture = await createRuntimeFixture('round-trips', ['order.milestones.v1']);
    counter = await RoundTripCounter.start(fixture.db.url);
    registry = new Registry();
    sends = 0;
    relay = new OutboxRelay({
      service: 'order-service',
      databaseUrl: counter.url,
      kafka: createKafka({
        clientId: uniqueName('relay'),
        brokers: stackEndpoints.kafkaBrokers,
        logger: silentLogger,
      }),
      // No poll inside the measured window: every wake-up is a notification.
      pollIntervalMs: 60_000,
      batchSize: 100,
      metrics: new RuntimeMetrics(registry, 'order-service'),
      afterSend: () => {
        sends++;
      },
    });
    relay.start();
    // Activation and the first housekeeping (which sets the backlog gauge) are not measured.
    await waitFor(
      async () =>
        relay.isActive() &&
        /} 0$/m.test(await registry.getSingleMetricAsString('logisync_outbox_backlog')),
      { description: 'the relay active and idle' },
    );
    counter.reset();
  });

  afterEach(async () => {
    await relay.stop();
    await counter.close();
    await fixture.close();
  });

  async function published(): Promise<number> {
    const metric = await registry.getSingleMetric('logisync_events_published_total')!.get();
    return metric.values.reduce((sum, v) => sum + v.value, 0);
  }

  it('costs one round trip per wake-up for transactions committed one at a time', async () => {
    const transactions = 20;
    for (let t = 1; t <= transactions; t++) {
      await fillOutbox(fixture, { orders: [`o-${t}`], transactions: 1, perTransaction: 1 });
      await waitFor(async () => (await published()) === t, { description: `event ${t} sent` });
    }
    const perWakeUp = counter.roundTrips / sends;
    process.stdout.write(
      `relay, isolated commits: ${counter.roundTrips} round trips for ${transactions} transactions, ${sends} sends (${perWakeUp.toFixed(2)} per wake-up)\n`,
    );
    expect(sends).toBe(transactions);
    expect(counter.roundTrips).toBe(transactions);
  });

  it('costs one round trip per batch under a stream of commits', async () => {
    const writers = 4;
    const perWriter = 50;
    await Promise.all(
      Array.from({ length: writers }, (_, w) =>
        fillOutbox(fixture, {
          orders: [`w${w}-a`, `w${w}-b`],
          transactions: perWriter,
          perTransaction: 5,
        }),
      ),
    );
    const events = writers * perWriter * 5;
    await waitFor(async () => (await published()) === events, { description: 'all sent' });
    process.stdout.write(
      `relay, ${writers} concurrent writers: ${counter.roundTrips} round trips for ${writers * perWriter} transactions, ${sends} sends (${(counter.roundTrips / sends).toFixed(2)} per send)\n`,
    );
    // The last send's rows wait for the next wake-up to be deleted; each read deletes the rows
    // sent before it, so there is no separate delete in the loop.
    expect(counter.roundTrips).toBeLessThanOrEqual(sends + 1);
  });
});
