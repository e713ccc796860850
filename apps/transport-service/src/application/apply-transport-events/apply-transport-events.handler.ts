import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  forEventInSet,
  NonRetriableError,
  OutboxWriter,
  type SetEvent,
} from '@logisync/event-runtime';
import type { EntityManager } from 'typeorm';
import { TransportError } from '../../domain';
import { TypeOrmCarrierRepository } from '../../infrastructure/carrier.repository';
import {
  TypeOrmOrderDestinationRepository,
  TypeOrmShipmentRepository,
} from '../../infrastructure/shipment.repository';
import { CLOCK, type Clock } from '../clock';
import { TransportAppError } from '../transport-app.errors';
import {
  applyConsumedEvent,
  type ApplyContext,
  type ConsumedTransportEvent,
} from './apply-consumed-event';
import { routesToPlan, whatTheSetReads } from './what-the-set-reads';
import { routeKey, TransportWorkingSet } from './transport-working-set';

/**
 * Applies every consumed event of a transaction at once: the orders' destinations, the lanes of
 * the routes to plan and the shipments are read with one statement per table (rows locked in
 * key order), each event is applied in set order to what the ones before it left, and each
 * table is written once, the events of the whole set with one outbox insert. Every rejection
 * is found before anything is written and named for its event: the runtime judges that event
 * (dead letter, park) and applies the rest again without it.
 */
@Injectable()
export class ApplyTransportEventsHandler {
  private readonly logger = new Logger(ApplyTransportEventsHandler.name);

  constructor(
    @Inject(TypeOrmShipmentRepository) private readonly shipments: TypeOrmShipmentRepository,
    @Inject(TypeOrmOrderDestinationRepository)
    private readonly destinations: TypeOrmOrderDestinationRepository,
    @Inject(TypeOrmCarrierRepository) private readonly carriers: TypeOrmCarrierRepository,
    @Inject(OutboxWriter) private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(tx: EntityManager, events: readonly SetEvent<ConsumedTransportEvent>[]) {
    const reads = whatTheSetReads(events);
    const destinations = await this.destinations.lockAll(tx, reads.destinationsOf);
    const routes = routesToPlan(events, destinations);
    const lanes = await this.carriers.lanesForRoutes(tx, routes);
    const shipments = await this.shipments.lockForEvents(
      tx,
      reads.shipmentsOf,
      reads.trackingNumbers,
    );
    const set = new TransportWorkingSet(
      destinations,
      shipments,
      new Map(routes.map((r, i) => [routeKey(r.originRegion, r.destinationCountry), lanes[i]])),
    );
    const context: ApplyContext = {
      set,
      now: () => this.clock.now(),
      cancelledAfterLoading: (orderId, message) =>
        this.logger.warn(`order ${orderId} cancelled after loading: ${message}`),
    };
    for (const { event, envelope } of events) {
      await forEventInSet(envelope.eventId, () =>
        rejectAsPoison(() => applyConsumedEvent(context, event, envelope)),
      );
    }
    await this.destinations.writeAll(tx, set.destinationsToWrite());
    await this.shipments.writeAll(tx, set.shipmentsToWrite());
    await this.outbox.addAll(tx, set.outbox);
  }
}

/**
 * A business rejection of a consumed event (an unknown tracking number, a malformed milestone,
 * loading without a carrier) can never succeed on retry: it is dead-lettered with its code.
 */
function rejectAsPoison(work: () => void): void {
  try {
    work();
  } catch (error) {
    if (error instanceof TransportError || error instanceof TransportAppError) {
      throw new NonRetriableError(error.message, error.code, { cause: error });
    }
    throw error;
  }
}
