import { Controller, Inject, UseFilters } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { EventSetContext, EventSetPattern, type SetEvent } from '@logisync/event-runtime';
import { ApplyBillingEventsHandler } from '../../application/apply-billing-events/apply-billing-events.handler';
import { BILLING_EVENT_TYPES, factOf, type BillingEvent } from './billing-fact.mapper';
import { EventErrorFilter } from './event-error.filter';

/**
 * Order and transport milestones as billing facts, every one of a transaction applied as one
 * set. A fact the billing rules reject (an unknown tax region, mixed currencies) can never
 * apply: it is named for its event and dead-lettered, the rest applied without it.
 */
@UseFilters(EventErrorFilter)
@Controller()
export class BillingEventHandlers {
  constructor(
    @Inject(ApplyBillingEventsHandler) private readonly apply: ApplyBillingEventsHandler,
  ) {}

  @EventSetPattern(BILLING_EVENT_TYPES)
  applyAll(@Payload() events: SetEvent<BillingEvent>[], @Ctx() ctx: EventSetContext) {
    return this.apply.execute(ctx.tx, events.map(factOf));
  }
}
