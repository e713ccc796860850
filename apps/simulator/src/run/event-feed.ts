import { createEventMeta, type EventTypeMap } from '@logisync/canonical-events';
import {
  createPublisher,
  createSubscriber,
  silentLogger,
  type EventPublisher,
  type HeaderMessage,
} from '@logisync/event-runtime';
import type { SimulatorEndpoints } from '../config';
import type { FlowTracker, ObservedEvent } from './flow-tracker';
import {
  DECODED_TYPES,
  MILESTONE_TOPICS,
  observedFromHeaders,
  routeMessage,
  type DecodedType,
} from './message-routing';
import type { CarrierMilestoneInput } from './simulation-context';

type Handler<T extends DecodedType> = (event: EventTypeMap[T]) => void;

interface DecodedFields {
  meta: { eventId: string; occurredAt: Date };
  orderId: string;
  exceptionId?: string;
  type?: string;
}

/**
 * The simulator's eyes and its carrier platform's voice: it follows every milestone topic from
 * the start of the run (its own consumer group), feeds the tracker, and calls the actors once
 * per distinct event. Each message is routed on its key and headers first (message-routing.ts):
 * only this run's orders, and only the types whose body someone reads, are decoded.
 */
export class EventFeed {
  private readonly handlers = new Map<string, Handler<never>[]>();
  private readonly freshListeners: ((e: ObservedEvent) => void)[] = [];
  private subscriber?: ReturnType<typeof createSubscriber>;
  private publisher?: EventPublisher;
  private readonly routed = { decoded: 0, counted: 0, skipped: 0 };

  constructor(
    private readonly endpoints: SimulatorEndpoints,
    private readonly tracker: FlowTracker,
    private readonly runId: string,
  ) {}

  on<T extends DecodedType>(eventType: T, handler: Handler<T>): this {
    this.handlers.set(eventType, [
      ...(this.handlers.get(eventType) ?? []),
      handler as Handler<never>,
    ]);
    return this;
  }

  /**
   * Every distinct event of the run, decoded or counted, before the handlers of its type: a
   * reaction waiting for an order's next event is not woken by the event that registered it.
   */
  onFresh(listener: (e: ObservedEvent) => void): this {
    this.freshListeners.push(listener);
    return this;
  }

  /** Messages decoded, counted from their headers alone, and skipped undecoded. */
  get messages(): { decoded: number; counted: number; skipped: number } {
    return { ...this.routed };
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
      beforeDecode: (message) => this.beforeDecode(message),
    });
    for (const type of DECODED_TYPES) {
      subscriber.on(type, ({ event }) => {
        this.routed.decoded++;
        const e = event as unknown as DecodedFields;
        this.observe(
          {
            eventType: type,
            eventId: e.meta.eventId,
            orderId: e.orderId,
            occurredAt: e.meta.occurredAt,
            exceptionId: e.exceptionId,
            exceptionType: e.type,
          },
          () => {
            for (const handler of this.handlers.get(type) ?? []) handler(event as never);
          },
        );
      });
    }
    await subscriber.run();
    this.subscriber = subscriber;
  }

  private beforeDecode(message: HeaderMessage): boolean {
    const route = routeMessage(message, (orderId) => this.tracker.isTracked(orderId));
    if (route === 'skip') this.routed.skipped++;
    if (route === 'count') {
      this.routed.counted++;
      this.observe(observedFromHeaders(message), () => undefined);
    }
    return route === 'decode';
  }

  private observe(e: ObservedEvent, react: () => void): void {
    if (!this.tracker.observe(e)) return;
    for (const listener of this.freshListeners) listener(e);
    react();
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
