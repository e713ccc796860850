import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { schemaDescriptors } from '@logisync/canonical-events';
import { EventContext } from '@logisync/event-runtime';
import {
  RecordMilestoneHandler,
  type AnyMilestone,
} from '../../application/record-milestone/record-milestone.handler';

/** Every milestone type of every service's topic (carrier platforms' raw reports excepted). */
export const RECORDED_EVENT_TYPES = [...new Set(schemaDescriptors.map((d) => d.eventType))].filter(
  (type) => type !== 'CarrierMilestoneReported',
);

/**
 * The table of subscriptions: the control tower records every milestone the same way, so the
 * table is built from the catalogue of event types instead of one method per type.
 */
@Controller()
export class MilestoneRecorderEventHandlers {
  constructor(@Inject(RecordMilestoneHandler) private readonly record: RecordMilestoneHandler) {}

  recordAny(event: AnyMilestone, ctx: EventContext) {
    return this.record.execute(ctx.tx, event, ctx.envelope);
  }
}

for (const eventType of RECORDED_EVENT_TYPES) {
  const method = `on${eventType}`;
  Object.defineProperty(MilestoneRecorderEventHandlers.prototype, method, {
    value(this: MilestoneRecorderEventHandlers, event: AnyMilestone, ctx: EventContext) {
      return this.recordAny(event, ctx);
    },
    writable: true,
    configurable: true,
  });
  const descriptor = Object.getOwnPropertyDescriptor(
    MilestoneRecorderEventHandlers.prototype,
    method,
  )!;
  EventPattern(eventType)(MilestoneRecorderEventHandlers.prototype, method, descriptor);
  Payload()(MilestoneRecorderEventHandlers.prototype, method, 0);
  Ctx()(MilestoneRecorderEventHandlers.prototype, method, 1);
}
