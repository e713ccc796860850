import { createEventMeta, EventHeader, sampleEvent } from '@logisync/canonical-events';
import type { Message } from 'kafkajs';
import { OutboxWriter, type EventHandler, type EventSetHandler } from '../src';
import { orderEvent } from './support/order-events';
import { rawOrderMessage } from './support/raw-messages';
import { createRuntimeFixture, type RuntimeFixture } from './support/runtime-fixture';
import { testConsumer } from './support/test-consumer';

interface Held {
  orderId: string;
  meta: { eventId: string; correlationId: string };
}

/**
 * An event a handler emits while applying another gets an id derived from it: applied again from
 * a database that lost the first application (a restore), the cause emits the same ids, so no
 * inbox downstream and no recovered relay takes the second emission for a new fact.
 */
describe('derived event ids', () => {
  let fixture: RuntimeFixture;
  let writer: OutboxWriter;

  beforeAll(async () => {
    fixture = await createRuntimeFixture('derived-ids', ['order.milestones.v1']);
    writer = new OutboxWriter(fixture.codec, 'order-service', fixture.topic);
  });

  afterAll(() => fixture.close());

  /** Emits two OrderHoldReleased for each OrderHeld it applies (same type, same cause). */
  const emitTwo = async (event: Held, tx: Parameters<EventHandler>[1]['tx']) => {
    const released = () =>
      sampleEvent('OrderHoldReleased', {
        orderId: event.orderId,
        meta: createEventMeta({
          eventType: 'OrderHoldReleased',
          producer: 'order-service',
          correlationId: event.meta.correlationId,
          tenant: 'acme',
          region: 'eu-west',
          causationId: event.meta.eventId,
        }),
      } as never);
    await writer.addAll(tx, [
      { eventType: 'OrderHoldReleased', event: released() },
      { eventType: 'OrderHoldReleased', event: released() },
    ]);
  };

  async function emittedAfterApplying(messages: Message[], asSet: boolean): Promise<string[]> {
    await fixture.dataSource.query('DELETE FROM outbox_message; DELETE FROM processed_event');
    const perEvent: EventHandler<Held> = (event, ctx) => emitTwo(event, ctx.tx);
    const set: EventSetHandler<Held> = async (events, { tx }) => {
      for (const { event } of events) await emitTwo(event, tx);
    };
    const { runner } = testConsumer(fixture, {
      topics: ['unused'],
      handlers: asSet ? new Map() : new Map([['OrderHeld', perEvent as EventHandler<never>]]),
      eventSet: asSet
        ? { types: new Set(['OrderHeld']), ownInbox: false, handle: set as EventSetHandler<never> }
        : undefined,
    });
    const outcome = await runner.redeliver(
      messages.map((m, i) => ({
        topic: fixture.topic('order.milestones.v1'),
        partition: 0,
        offset: String(i),
        key: String(m.key),
        value: m.value as Buffer,
        headers: Object.fromEntries(Object.entries(m.headers!).map(([k, v]) => [k, String(v)])),
      })),
    );
    expect(outcome.done).toBe(messages.length);
    const rows: { event_id: string }[] = await fixture.dataSource.query(
      'SELECT event_id::text FROM outbox_message ORDER BY id',
    );
    return rows.map((r) => r.event_id);
  }

  it.each([
    ['a per-event handler', false],
    ['a set handler', true],
  ])('emits the same ids when %s applies the same events again', async (_name, asSet) => {
    const messages = await Promise.all(
      ['d-1', 'd-2', 'd-3'].map((o) =>
        rawOrderMessage(fixture, 'OrderHeld', orderEvent('OrderHeld', o)),
      ),
    );
    const first = await emittedAfterApplying(messages, asSet);
    expect(first).toHaveLength(6);
    expect(new Set(first).size).toBe(6);
    const again = await emittedAfterApplying(messages, asSet);
    expect(again).toEqual(first);
    const causes = messages.map((m) => String(m.headers![EventHeader.eventId]));
    expect(first.some((id) => causes.includes(id))).toBe(false);
  });
});
