import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { schemaDescriptors } from '@logisync/canonical-events';
import { EventSetContext, EventSetPattern, type SetEvent } from '@logisync/event-runtime';
import {
  RecordMilestonesHandler,
  type AnyMilestone,
} from '../../application/record-milestone/record-milestones.handler';

/** Every milestone type of every service's topic (carrier platforms' raw reports excepted). */
export const RECORDED_EVENT_TYPES = [...new Set(schemaDescriptors.map((d) => d.eventType))].filter(
  (type) => type !== 'CarrierMilestoneReported',
);

/**
 * The control tower's one subscription: every milestone of a transaction, recorded as a set.
 * Its event table is its inbox (ownInbox): the runtime writes no inbox row of its own for them,
 * and the control tower never parks an event.
 */
@Controller()
export class MilestoneRecorderEventHandlers {
  constructor(@Inject(RecordMilestonesHandler) private readonly record: RecordMilestonesHandler) {}

  @EventSetPattern(RECORDED_EVENT_TYPES, { ownInbox: true })
  recordAll(@Payload() events: SetEvent<AnyMilestone>[], @Ctx() ctx: EventSetContext) {
    return this.record.execute(ctx.tx, events);
  }
}
