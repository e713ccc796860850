import {
  ConsumerRunner,
  OutboxRelay,
  OutboxWriter,
  silentLogger,
  type EventHandler,
} from '@logisync/event-runtime';
import {
  createEventMeta,
  type OrderHeldV1,
  type OrderHoldReleasedV1,
} from '@logisync/canonical-events';
import { waitFor } from '@logisync/test-kit';
import type { BenchEnv } from './bench-setup';

interface Row {
  n: number;
}

/**
 * The service-shaped path: consume, dedupe in the inbox, update state and write a follow-up
 * event to the outbox in the same transaction, and the relay publishing it.
 */
export async function measureRuntime(env: BenchEnv, source: string, count: number, batch: number) {
  const { url, dataSource } = await env.newDatabase('runtime');
  const writer = new OutboxWriter(env.codec, 'order-service', (name) => `${name}.${env.suffix}`);
  await env.createTopic('order.milestones.v1');
  const deadLetterTopic = await env.createTopic('billing-service.dlq.v1');
  const onHeld: EventHandler<OrderHeldV1> = async (event, ctx) => {
    await ctx.tx.query(
      `INSERT INTO order_state (order_id, events, last_event_id) VALUES ($1, 1, $2)
       ON CONFLICT (order_id) DO UPDATE SET events = order_state.events + 1, last_event_id = $2`,
      [event.orderId, ctx.eventId],
    );
    const meta = createEventMeta({
      eventType: 'OrderHoldReleased',
      producer: 'order-service',
      correlationId: event.orderId,
      causationId: ctx.eventId,
      tenant: 'acme',
      region: 'eu-west',
    });
    const released: OrderHoldReleasedV1 = {
      meta,
      orderId: event.orderId,
      reasonCode: event.reasonCode,
      releasedBy: 'bench',
      note: null,
    };
    await writer.add(ctx.tx, { eventType: 'OrderHoldReleased', event: released });
  };
  const runner = new ConsumerRunner({
    service: 'billing-service',
    kafka: env.kafka,
    dataSource,
    codec: env.codec,
    topics: [source],
    groupId: `runtime-${env.suffix}`,
    deadLetterTopic,
    handlers: new Map([['OrderHeld', onHeld as EventHandler<never>]]),
    maxEventsPerTransaction: batch,
    logger: silentLogger,
  });
  const relay = new OutboxRelay({
    service: 'order-service',
    databaseUrl: url,
    kafka: env.kafka,
    batchSize: 1_000,
  });
  const started = process.hrtime.bigint();
  relay.start();
  await runner.start();
  await waitFor(
    async () => {
      const [applied] = (await dataSource.query(
        'SELECT count(*)::int AS n FROM processed_event',
      )) as Row[];
      const [pending] = (await dataSource.query(
        'SELECT count(*)::int AS n FROM outbox_message',
      )) as Row[];
      return applied.n === count && pending.n === 0;
    },
    {
      timeoutMs: 600_000,
      intervalMs: 50,
      description: 'every event applied and its follow-up published',
    },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await runner.stop();
  await relay.stop();
  return { events: count, seconds, eventsPerSecond: count / seconds };
}
