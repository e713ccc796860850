import { createEventMeta, type EventType, type EventTypeMap } from '@logisync/canonical-events';
import {
  createPublisher,
  createSubscriber,
  silentLogger,
  type EventPublisher,
} from '@logisync/event-runtime';
import type { SimulatorEndpoints } from '../config';
import type { FlowTracker } from './flow-tracker';
import type { CarrierMilestoneInput } from './simulation-context';

export const MILESTONE_TOPICS = [
  'order.milestones.v1',
  'warehouse.milestones.v1',
  'transport.milestones.v1',
  'billing.milestones.v1',
];

type Handler<T extends EventType> = (event: EventTypeMap[T]) => void;

/**
 * The simulator's eyes and its carrier platform's voice: it follows every milestone topic from
 * the start of the run (its own consumer group), feeds the tracker, and calls the actors once
 * per distinct event.
 */
export class EventFeed {
  private readonly handlers = new Map<string, Handler<never>[]>();
  private subscriber?: ReturnType<typeof createSubscriber>;
  private publisher?: EventPublisher;

  constructor(
    private readonly endpoints: SimulatorEndpoints,
    private readonly tracker: FlowTracker,
    private readonly runId: string,
  ) {}

  on<T extends EventType>(eventType: T, handler: Handler<T>): this {
    this.handlers.set(eventType, [
      ...(this.handlers.get(eventType) ?? []),
      handler as Handler<never>,
    ]);
    return this;
  }

  async start(fromTimestamp: number): Promise<void> {
    this.publisher = await createPublisher({
      ...this.endpoints.kafkaSecurity,
      brokers: this.endpoints.kafkaBrokers,
      registryUrl: this.endpoints.registryUrl,
      clientId: 'simulated-carrier-platform',
      as: 'external',
      logger: silentLogger,
    });
    const subscriber = createSubscriber({
      ...this.endpoints.kafkaSecurity,
      brokers: this.endpoints.kafkaBrokers,
      registryUrl: this.endpoints.registryUrl,
      groupId: `simulator-${this.runId}`,
      topics: MILESTONE_TOPICS,
      fromTimestamp,
      logger: silentLogger,
    });
    const types: EventType[] = [
      'OrderReleased',
      'OrderCancelled',
      'OrderHeld',
      'OrderHoldReleased',
      'OrderCompleted',
      'InventoryAllocated',
      'AllocationFailed',
      'AllocationReleased',
      'OrderPicked',
      'OrderPacked',
      'ShipmentLoaded',
      'ShipmentPlanned',
      'CarrierTendered',
      'TenderAccepted',
      'TenderRejected',
      'TenderWithdrawn',
      'ShipmentDeparted',
      'ShipmentInTransit',
      'CustomsHoldRaised',
      'CustomsCleared',
      'DeliveryFailed',
      'ShipmentDelivered',
      'FreightCostConfirmed',
      'InvoiceIssued',
      'InvoiceHeld',
      'InvoiceReleased',
      'ExceptionRaised',
      'ExceptionResolved',
    ];
    for (const type of types) {
      subscriber.on(type, ({ event }) => {
        const e = event as unknown as {
          meta: { eventId: string; occurredAt: Date };
          orderId: string;
          exceptionId?: string;
          type?: string;
        };
        const fresh = this.tracker.observe({
          eventType: type,
          eventId: e.meta.eventId,
          orderId: e.orderId,
          occurredAt: e.meta.occurredAt,
          exceptionId: e.exceptionId,
          exceptionType: e.type,
        });
        if (!fresh) return;
        for (const handler of this.handlers.get(type) ?? []) handler(event as never);
      });
    }
    await subscriber.run();
    this.subscriber = subscriber;
  }

  async publishCarrierMilestone(m: CarrierMilestoneInput): Promise<void> {
    if (!this.publisher) throw new Error('the event feed is not started');
    await this.publisher.publish('CarrierMilestoneReported', {
      meta: createEventMeta({
        eventType: 'CarrierMilestoneReported',
        producer: m.carrierId,
        correlationId: m.orderId,
        tenant: 'simulated-enterprise',
        region: 'global',
      }),
      carrierId: m.carrierId,
      carrierEventId: m.carrierEventId,
      trackingNumber: m.trackingNumber,
      orderId: m.orderId,
      code: m.code as EventTypeMap['CarrierMilestoneReported']['code'],
      classifier: m.classifier,
      milestoneAt: m.occurredAt,
      location: {
        name: `${m.city} depot`,
        unLocode: null,
        facilityCode: null,
        city: m.city,
        postalCode: null,
        country: m.country,
        geo: null,
      },
      detail: null,
      proofOfDelivery: m.proofOfDelivery
        ? { ...m.proofOfDelivery, photoUrl: null, geo: null }
        : null,
    });
  }

  async stop(): Promise<void> {
    await this.subscriber?.stop();
    await this.publisher?.disconnect();
  }
}
