import type { EventType } from '../generated';
import { deadLetterTopicOf, serviceNames, type ServiceName } from './services';

/** Which field of the event becomes the Kafka key: every event of one key keeps its order. */
export type KeyField = 'orderId' | 'trackingNumber' | 'actionId';

export interface TopicSpec {
  name: string;
  kind: 'milestones' | 'external' | 'dead-letters' | 'operations';
  description: string;
  /** The service that writes it; `external` for outside publishers (carrier platforms). */
  producer: ServiceName | 'external';
  consumers: readonly ServiceName[];
  eventTypes: readonly EventType[];
  /** Null for dead-letter topics, whose messages keep the original key. */
  key: KeyField | null;
  partitions: number;
  /** -1 keeps events forever: replay from offset 0 and rebuilds need the whole history. */
  retentionMs: number;
  cleanupPolicy: 'delete' | 'compact';
}

const exceptionEvents = ['ExceptionRaised', 'ExceptionResolved'] as const satisfies EventType[];
const forever = -1;
const milestonePartitions = 6;

function milestones(
  domain: string,
  producer: ServiceName,
  consumers: readonly ServiceName[],
  eventTypes: readonly EventType[],
): TopicSpec {
  return {
    name: `${domain}.milestones.v1`,
    kind: 'milestones',
    description: `Milestones of the ${domain} domain, written by ${producer} through its outbox.`,
    producer,
    consumers,
    eventTypes: [...eventTypes, ...exceptionEvents],
    key: 'orderId',
    partitions: milestonePartitions,
    retentionMs: forever,
    cleanupPolicy: 'delete',
  };
}

function deadLetters(service: ServiceName): TopicSpec {
  return {
    name: deadLetterTopicOf(service),
    kind: 'dead-letters',
    description: `Events ${service} could not apply, with the original bytes, key and headers.`,
    producer: service,
    consumers: [],
    eventTypes: [],
    key: null,
    partitions: 1,
    retentionMs: forever,
    cleanupPolicy: 'delete',
  };
}

export const topicCatalogue: readonly TopicSpec[] = [
  milestones(
    'order',
    'order-service',
    ['warehouse-service', 'transport-service', 'billing-service', 'control-tower'],
    ['OrderReleased', 'OrderCancelled', 'OrderHeld', 'OrderHoldReleased', 'OrderCompleted'],
  ),
  milestones(
    'warehouse',
    'warehouse-service',
    ['order-service', 'transport-service', 'control-tower'],
    [
      'InventoryAllocated',
      'AllocationFailed',
      'AllocationReleased',
      'OrderPicked',
      'OrderPacked',
      'ShipmentLoaded',
    ],
  ),
  milestones(
    'transport',
    'transport-service',
    ['order-service', 'warehouse-service', 'billing-service', 'control-tower'],
    [
      'ShipmentPlanned',
      'CarrierTendered',
      'TenderAccepted',
      'TenderRejected',
      'TenderWithdrawn',
      'ShipmentDeparted',
      'ShipmentInTransit',
      'CustomsHoldRaised',
      'CustomsCleared',
      'ShipmentDelivered',
      'DeliveryFailed',
      'FreightCostConfirmed',
    ],
  ),
  milestones(
    'billing',
    'billing-service',
    ['order-service', 'control-tower'],
    ['InvoiceIssued', 'InvoiceHeld', 'InvoiceReleased'],
  ),
  {
    name: 'carrier.events.v1',
    kind: 'external',
    description:
      'Milestones that carrier visibility platforms publish directly, keyed by tracking number.',
    producer: 'external',
    consumers: ['transport-service'],
    eventTypes: ['CarrierMilestoneReported'],
    key: 'trackingNumber',
    partitions: milestonePartitions,
    retentionMs: forever,
    cleanupPolicy: 'delete',
  },
  ...serviceNames.map(deadLetters),
  {
    name: 'ops.audit.v1',
    kind: 'operations',
    description:
      'The audit trail of operator actions (replay, dead-letter re-drive and purge, publish, topics, schemas) written by the logisync CLI.',
    producer: 'external',
    consumers: [],
    eventTypes: ['OperatorAction'],
    key: 'actionId',
    partitions: 1,
    retentionMs: forever,
    cleanupPolicy: 'delete',
  },
];

export class UnknownTopicError extends Error {
  readonly code = 'CATALOGUE.UNKNOWN_TOPIC';
}

export function topicSpec(name: string): TopicSpec {
  const spec = topicCatalogue.find((t) => t.name === name);
  if (!spec) throw new UnknownTopicError(`No topic named '${name}' in the catalogue`);
  return spec;
}

/** The topic a service writes an event type to; exceptions go to the raising service's topic. */
export function topicFor(producer: ServiceName | 'external', eventType: EventType): TopicSpec {
  const spec = topicCatalogue.find(
    (t) => t.producer === producer && t.kind !== 'dead-letters' && t.eventTypes.includes(eventType),
  );
  if (!spec) {
    throw new UnknownTopicError(`${producer} has no topic in the catalogue for ${eventType}`);
  }
  return spec;
}

/** The topics a service subscribes to. */
export function topicsConsumedBy(service: ServiceName): TopicSpec[] {
  return topicCatalogue.filter((t) => t.consumers.includes(service));
}

/** The Kafka key of an event, as the catalogue defines it for its topic. */
export function keyOf(spec: TopicSpec, event: object): string {
  if (!spec.key) throw new UnknownTopicError(`${spec.name} has no key field`);
  const value = (event as Record<string, unknown>)[spec.key];
  if (typeof value !== 'string' || value.length === 0) {
    throw new UnknownTopicError(`An event on ${spec.name} needs a non-empty '${spec.key}'`);
  }
  return value;
}
