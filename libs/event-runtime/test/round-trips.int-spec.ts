import { topicSpec } from '@logisync/canonical-events';
import { uniqueName, waitFor } from '@logisync/test-kit';
import type { Message, Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { ensureTopics } from '../src';
import { countDistinctEffects } from './support/effects';
import { orderEvent } from './support/order-events';
import { rawOrderMessage } from './support/raw-messages';
import { createRuntimeFixture, type RuntimeFixture } from './support/runtime-fixture';
import {
  commitCountingKafka,
  countingDataSource,
  StatementCounter,
} from './support/statement-counter';
import { testConsumer } from './support/test-consumer';

// Each test handler sends two statements per applied event (the effect and the counter).
const handlerStatementsPerEvent = 2;
const steps = ['OrderReleased', 'OrderHeld', 'OrderCompleted', 'OrderHoldReleased'] as const;
const handledSteps = 3;

/**
 * What the runtime itself costs per applied event: SQL round trips (everything the consumer's
 * DataSource sent but the handlers' own statements) and OffsetCommit requests, while events of
 * 60 orders (6 partitions, one type no handler subscribes to) arrive in sends of `burst`.
 */
describe('the round trips the consuming runtime spends per event', () => {
  let fixture: RuntimeFixture;
  let producer: Producer;
  const created: string[] = [];

  beforeAll(async () => {
    fixture = await createRuntimeFixture('round-trips', [
      'order.milestones.v1',
      'billing-service.dlq.v1',
    ]);
    // Idempotent: a retried send on this loaded machine must not write the events twice.
    producer = fixture.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await fixture.admin.deleteTopics({ topics: created }).catch(() => undefined);
    await fixture.close();
  });

  /** `burst` messages per send; 'backlog' sends everything before the consumer starts. */
  async function measure(burst: number | 'backlog') {
    // A topic of its own: a consumer group reading from the beginning sees only these events.
    const topic = uniqueName('round-trips');
    created.push(topic);
    await ensureTopics(fixture.admin, [{ ...topicSpec('order.milestones.v1'), name: topic }]);
    const counter = new StatementCounter();
    let offsetCommits = 0;
    const dataSource: DataSource = await countingDataSource(fixture.db.url, counter);
    const { runner } = testConsumer(fixture, {
      dataSource,
      kafka: commitCountingKafka(fixture.kafka, () => (offsetCommits += 1)),
      topics: [topic],
      groupId: uniqueName('round-trips'),
      parkedSweepIntervalMs: 600_000,
    });
    const orders = Array.from({ length: 60 }, () => uniqueName('rt'));
    const messages: Message[] = [];
    for (const step of steps) {
      for (const orderId of orders) {
        messages.push(await rawOrderMessage(fixture, step, orderEvent(step, orderId)));
      }
    }
    const send = async (size: number) => {
      for (let i = 0; i < messages.length; i += size) {
        await producer.send({ topic, messages: messages.slice(i, i + size) });
      }
    };
    const before = await countDistinctEffects(fixture.dataSource);
    if (burst === 'backlog') await send(messages.length);
    counter.reset();
    await runner.start();
    try {
      if (burst !== 'backlog') {
        await waitFor(() => runner.status().joins > 0, { description: 'the consumer joined' });
        await send(burst);
      }
      const applied = orders.length * handledSteps;
      await waitFor(
        async () => (await countDistinctEffects(fixture.dataSource)) - before === applied,
        { timeoutMs: 60_000, description: `${applied} events applied` },
      );
      await runner.stop();
      const transactions = counter.count((s) => s === 'START TRANSACTION');
      const runtime = counter.count() - handlerStatementsPerEvent * applied;
      const figures = {
        burst,
        delivered: messages.length,
        applied,
        transactions,
        runtimeStatements: runtime,
        runtimeStatementsPerEvent: +(runtime / applied).toFixed(3),
        offsetCommits,
        offsetCommitsPerEvent: +(offsetCommits / applied).toFixed(3),
      };
      process.stdout.write(`round trips: ${JSON.stringify(figures)}\n`);
      return figures;
    } finally {
      await runner.stop();
      await dataSource.destroy();
    }
  }

  // START TRANSACTION, the inbox-and-parked statement and COMMIT, nothing per event: no event
  // here parks or fails, and the type nobody subscribes to costs nothing.
  const runtimeStatementsPerTransaction = 3;

  it('applies a backlog read in one fetch in one transaction with one offset commit', async () => {
    const figures = await measure('backlog');
    expect(figures.transactions).toBe(1);
    expect(figures.runtimeStatements).toBe(runtimeStatementsPerTransaction);
    expect(figures.offsetCommits).toBe(1);
  });

  it('spends three statements per transaction when events arrive ten per send', async () => {
    const figures = await measure(10);
    expect(figures.runtimeStatements).toBe(runtimeStatementsPerTransaction * figures.transactions);
    expect(figures.transactions).toBeLessThan(figures.applied / 10);
  });

  it('spends three statements per transaction when events arrive one per send', async () => {
    const figures = await measure(1);
    expect(figures.runtimeStatements).toBe(runtimeStatementsPerTransaction * figures.transactions);
    expect(figures.transactions).toBeLessThan(figures.applied);
  });
});
