import { topicCatalogue } from '@logisync/canonical-events';
import type { HeaderMessage } from '@logisync/event-runtime';
import {
  DECODED_TYPES,
  MILESTONE_TOPICS,
  observedFromHeaders,
  routeMessage,
} from './message-routing';

const message = (
  eventType: string | undefined,
  key: string | null = 'o1',
  extra: Record<string, string> = {},
): HeaderMessage => ({
  topic: 'transport.milestones.v1',
  partition: 3,
  offset: '42',
  key,
  headers: {
    ...(eventType ? { 'event-type': eventType } : {}),
    'event-id': 'e-1',
    ...extra,
  },
  timestamp: Date.UTC(2026, 11, 7, 20, 0, 0),
});
const runOrders = new Set(['o1']);
const route = (m: HeaderMessage) => routeMessage(m, (orderId) => runOrders.has(orderId));

describe('routing a message on its key and headers', () => {
  it('decodes the types an actor or the report reads', () => {
    for (const type of ['InventoryAllocated', 'CarrierTendered', 'ShipmentLoaded', 'InvoiceIssued'])
      expect(route(message(type))).toBe('decode');
  });

  it('counts the other milestones from their headers, without decoding them', () => {
    for (const type of [
      'OrderPacked',
      'ShipmentPlanned',
      'ShipmentDeparted',
      'TenderRejected',
      'CustomsCleared',
      'FreightCostConfirmed',
      'OrderCompleted',
      'OrderCancelled',
    ])
      expect(route(message(type))).toBe('count');
  });

  it('skips events of orders this run did not place, of unknown types, and keyless ones', () => {
    expect(route(message('InventoryAllocated', 'someone-elses-order'))).toBe('skip');
    expect(route(message('OrderPacked', 'someone-elses-order'))).toBe('skip');
    expect(route(message('CarrierMilestoneReported'))).toBe('skip');
    expect(route(message('SomethingNew'))).toBe('skip');
    expect(route(message('OrderPacked', null))).toBe('skip');
  });

  it('decodes a message of this run without an event-type header, to route it by its body', () => {
    expect(route(message(undefined))).toBe('decode');
  });

  it('covers every milestone type: each is decoded or counted', () => {
    const milestoneTypes = topicCatalogue
      .filter((t) => t.kind === 'milestones')
      .flatMap((t) => t.eventTypes);
    expect(milestoneTypes.length).toBeGreaterThan(DECODED_TYPES.length);
    for (const type of milestoneTypes) expect(route(message(type))).not.toBe('skip');
    for (const type of DECODED_TYPES) expect(milestoneTypes).toContain(type);
  });

  it('follows the four milestone topics of the catalogue', () => {
    expect(MILESTONE_TOPICS).toEqual([
      'order.milestones.v1',
      'warehouse.milestones.v1',
      'transport.milestones.v1',
      'billing.milestones.v1',
    ]);
  });
});

describe('an event counted from its headers', () => {
  it('takes its type and id from the headers, the order from the key, the time from Kafka', () => {
    expect(observedFromHeaders(message('OrderPacked'))).toEqual({
      eventType: 'OrderPacked',
      eventId: 'e-1',
      orderId: 'o1',
      occurredAt: new Date(Date.UTC(2026, 11, 7, 20, 0, 0)),
    });
  });

  it('falls back to the message position for an id when the header is missing', () => {
    const m = message('OrderPacked');
    delete m.headers['event-id'];
    expect(observedFromHeaders(m).eventId).toBe('transport.milestones.v1/3/42');
  });
});
