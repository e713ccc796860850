import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { EventSetContext, EventSetPattern, type SetEvent } from '@logisync/event-runtime';
import { ApplyMilestonesHandler } from '../../application/apply-milestones/apply-milestones.handler';
import { milestoneTypes } from '../../domain/milestone';
import { toMilestone, type MilestoneEvent } from './to-milestone';

/**
 * The one subscription: every warehouse, transport and billing milestone of a transaction goes
 * to the orders' status machines as a set. Types not listed (ExceptionResolved, ...) are left
 * to the runtime, which counts them as ignored.
 */
@Controller()
export class MilestoneEventHandlers {
  constructor(@Inject(ApplyMilestonesHandler) private readonly apply: ApplyMilestonesHandler) {}

  @EventSetPattern(milestoneTypes)
  applyAll(@Payload() events: SetEvent<MilestoneEvent>[], @Ctx() ctx: EventSetContext) {
    return this.apply.execute(ctx.tx, events.map(toMilestone));
  }
}
