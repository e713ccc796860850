import { EventHeader, topicCatalogue, type EventType } from '@logisync/canonical-events';
import type { HeaderMessage } from '@logisync/event-runtime';
import type { ObservedEvent } from './flow-tracker';

/** The four milestone topics, as the catalogue names them. */
export const MILESTONE_TOPICS = topicCatalogue
  .filter((t) => t.kind === 'milestones')
  .map((t) => t.name);

/**
 * The types whose body an actor or the report reads: what was allocated and picked, the tender
 * to answer, the shipment to load and its packages, the exceptions, and the times of release
 * and invoice for the latency. Every other milestone is followed from its headers and key.
 */
export const DECODED_TYPES = [
  'OrderReleased',
  'InventoryAllocated',
  'AllocationFailed',
  'OrderPicked',
  'CarrierTendered',
  'TenderAccepted',
  'ShipmentLoaded',
  'InvoiceIssued',
  'ExceptionRaised',
  'ExceptionResolved',
] as const satisfies readonly EventType[];

export type DecodedType = (typeof DECODED_TYPES)[number];

const decoded = new Set<string>(DECODED_TYPES);
const onMilestoneTopics = new Set<string>(
  topicCatalogue.filter((t) => t.kind === 'milestones').flatMap((t) => t.eventTypes),
);

/**
 * What the feed does with a message, decided from its key and headers before any decoding:
 * `skip` an event of an order this run did not place (other runs share the topics) or of a type
 * the simulator does not know, `decode` the types in DECODED_TYPES, `count` the rest from
 * their headers. Milestones are keyed by orderId. A message without an event-type header
 * (every logisync producer writes one) is decoded, to be routed by its decoded type.
 */
export function routeMessage(
  message: HeaderMessage,
  isRunOrder: (orderId: string) => boolean,
): 'skip' | 'decode' | 'count' {
  if (message.key === null || !isRunOrder(message.key)) return 'skip';
  const eventType = message.headers[EventHeader.eventType];
  if (eventType === undefined || decoded.has(eventType)) return 'decode';
  return onMilestoneTopics.has(eventType) ? 'count' : 'skip';
}

/**
 * The tracker's view of a message it counts without decoding. The Kafka timestamp stands in
 * for occurredAt, which only the decoded release and invoice times are used for.
 */
export function observedFromHeaders(message: HeaderMessage): ObservedEvent {
  const { headers } = message;
  return {
    eventType: headers[EventHeader.eventType],
    eventId:
      headers[EventHeader.eventId] ?? `${message.topic}/${message.partition}/${message.offset}`,
    orderId: message.key!,
    occurredAt: new Date(message.timestamp),
  };
}
