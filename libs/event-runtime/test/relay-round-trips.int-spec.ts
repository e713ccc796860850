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
  });

  async function startRelay(deleteLingerMs: number): Promise<void> {
    relay = new OutboxRelay({
      service: 'order-service',
      databaseUrl: counter.url,
      kafka: createKafka({
        clientId: uniqueName('relay'),
        brokers: stackEndpoints.kafkaBrokers,
        logger: silentLogger,
      }),
      // No poll inside the measured window: every wake-up is a notification or the linger.
      pollIntervalMs: 60_000,
      deleteLingerMs,
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
  }

  afterEach(async () => {
    await relay?.stop();
    await counter.close();
    await fixture.close();
  });

  async function published(): Promise<number> {
    const metric = await registry.getSingleMetric('logisync_events_published_total')!.get();
    return metric.values.reduce((sum, v) => sum + v.value, 0);
  }

  it('costs one round trip per wake-up when commits come within the linger', async () => {
    await startRelay(10_000);
    const transactions = 20;
    for (let t = 1; t <= transactions; t++) {
      await fillOutbox(fixture, { orders: [`o-${t}`], transactions: 1, perTransaction: 1 });
      await waitFor(async () => (await published()) === t, { description: `event ${t} sent` });
    }
    report(`${transactions} commits one after another`, transactions);
    expect(sends).toBe(transactions);
    // Each read deleted the rows of the send before it; the last send's rows still wait.
    expect(counter.roundTrips).toBe(transactions);
    expect(await outboxRows()).toBe(1);
  });

  it("deletes a lone commit's rows with one more read after the linger", async () => {
    await startRelay(50);
    await fillOutbox(fixture, { orders: ['o-1'], transactions: 1, perTransaction: 3 });
    await waitFor(async () => (await outboxRows()) === 0, { description: 'the sent rows deleted' });
    report('a lone commit', 1);
    expect(sends).toBe(1);
    expect(counter.roundTrips).toBe(2);
    expect(await published()).toBe(3);
  });

  it('costs one round trip per send under a stream of commits', async () => {
    await startRelay(100);
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
    await waitFor(async () => (await outboxRows()) === 0, { description: 'the sent rows deleted' });
    report(`${writers} concurrent writers`, writers * perWriter);
    // One read per send, each deleting the rows sent before it, plus the linger's read for the
    // last send.
    expect(counter.roundTrips).toBeGreaterThanOrEqual(sends + 1);
    // A pause between commits longer than the linger adds one read that finds nothing.
    expect(counter.roundTrips).toBeLessThanOrEqual(sends + 2);
  });

  function report(what: string, transactions: number): void {
    process.stdout.write(
      `relay, ${what}: ${counter.roundTrips} round trips for ${transactions} transactions in ${sends} sends (${(counter.roundTrips / sends).toFixed(2)} per send)\n`,
    );
  }

  async function outboxRows(): Promise<number> {
    const rows: { n: number }[] = await fixture.dataSource.query(
      'SELECT count(*)::int AS n FROM outbox_message',
    );
    return rows[0].n;
  }
});
