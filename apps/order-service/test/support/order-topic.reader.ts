import { createSubscriber, silentLogger, type EventMessage } from '@logisync/event-runtime';
import { stackEndpoints, uniqueName, waitFor } from '@logisync/test-kit';
import type { OrderServiceFixture } from './order-service.fixture';

type Published = EventMessage<{ orderId: string }>;

/**
 * What the order-service published, read from its topic from the beginning: the record of its
 * events, since the relay deletes an outbox row once the broker has it.
 */
export async function orderTopicReader(service: OrderServiceFixture) {
  const published: Published[] = [];
  const subscriber = createSubscriber({
    brokers: stackEndpoints.kafkaBrokers,
    registryUrl: stackEndpoints.registryUrl,
    groupId: uniqueName('order-topic-reader'),
    topics: [service.topic('order.milestones.v1')],
    logger: silentLogger,
  });
  for (const type of ['OrderReleased', 'OrderCancelled'] as const) {
    subscriber.on(type, (m) => void published.push(m as never));
  }
  await subscriber.run();

  const eventsOf = (orderId: string, type?: string) =>
    published.filter(
      (m) => m.event.orderId === orderId && (!type || m.headers['event-type'] === type),
    );
  return {
    eventsOf,
    /** Waits for at least `count` events of the order (of `type`), and returns them all. */
    awaitEvents(orderId: string, count: number, type?: string) {
      return waitFor(
        () => (eventsOf(orderId, type).length >= count ? eventsOf(orderId, type) : undefined),
        { description: `${count} ${type ?? 'event'}(s) of ${orderId} on the topic` },
      );
    },
    close: () => subscriber.stop(),
  };
}
