import { schemaDescriptors } from '../generated';
import {
  keyOf,
  topicCatalogue,
  topicFor,
  topicsConsumedBy,
  topicSpec,
  UnknownTopicError,
} from './topics';

describe('the topic catalogue', () => {
  it('routes each event type to its producing service topic, exceptions to the raiser', () => {
    expect(topicFor('order-service', 'OrderReleased').name).toBe('order.milestones.v1');
    expect(topicFor('transport-service', 'ShipmentDelivered').name).toBe('transport.milestones.v1');
    expect(topicFor('warehouse-service', 'ExceptionRaised').name).toBe('warehouse.milestones.v1');
    expect(topicFor('external', 'CarrierMilestoneReported').name).toBe('carrier.events.v1');
    expect(() => topicFor('billing-service', 'OrderReleased')).toThrow(UnknownTopicError);
  });

  it('puts every event type of the contract on some topic', () => {
    const routed = new Set(topicCatalogue.flatMap((t) => t.eventTypes));
    for (const d of schemaDescriptors) expect(routed).toContain(d.eventType);
  });

  it('keys milestones by order and carrier events by tracking number', () => {
    expect(keyOf(topicSpec('order.milestones.v1'), { orderId: 'o-1' })).toBe('o-1');
    expect(keyOf(topicSpec('carrier.events.v1'), { trackingNumber: 'T-1' })).toBe('T-1');
    expect(() => keyOf(topicSpec('order.milestones.v1'), { orderId: '' })).toThrow(
      /non-empty 'orderId'/,
    );
  });

  it('keeps every topic forever so replay from offset 0 works', () => {
    expect(topicCatalogue.every((t) => t.retentionMs === -1)).toBe(true);
  });

  it('names what each service consumes and a dead-letter topic per service', () => {
    expect(topicsConsumedBy('billing-service').map((t) => t.name)).toEqual([
      'order.milestones.v1',
      'transport.milestones.v1',
    ]);
    expect(topicSpec('billing-service.dlq.v1').kind).toBe('dead-letters');
    expect(() => topicSpec('nope.v1')).toThrow(/No topic named 'nope.v1'/);
  });
});
