import { Controller, Inject, UseFilters } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  EventErrorPassthroughFilter,
  EventSetContext,
  EventSetPattern,
  type SetEvent,
} from '@logisync/event-runtime';
import {
  CONSUMED_TYPES,
  type ConsumedTransportEvent,
} from '../../application/apply-transport-events/apply-consumed-event';
import { ApplyTransportEventsHandler } from '../../application/apply-transport-events/apply-transport-events.handler';

/**
 * The one subscription: every event of the consumed types a transaction holds (OrderReleased,
 * OrderPacked, OrderCancelled, ShipmentLoaded, CarrierMilestoneReported), applied as a set.
 *
 * The passthrough filter is set here because the runtime's global one (APP_FILTER) does not
 * reach the microservice context of a hybrid app: without it Nest's RPC filter turns every
 * error into { status: 'error' }, and the loop could not park or dead-letter by class.
 */
@UseFilters(EventErrorPassthroughFilter)
@Controller()
export class TransportEventHandlers {
  constructor(
    @Inject(ApplyTransportEventsHandler) private readonly apply: ApplyTransportEventsHandler,
  ) {}

  @EventSetPattern(CONSUMED_TYPES)
  applyAll(@Payload() events: SetEvent<ConsumedTransportEvent>[], @Ctx() ctx: EventSetContext) {
    return this.apply.execute(ctx.tx, events);
  }
}
