import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { EventSetContext, EventSetPattern } from '@logisync/event-runtime';
import {
  ApplyWarehouseEventsHandler,
  type WarehouseSetEvent,
} from '../../application/apply-warehouse-events/apply-warehouse-events.handler';
import { warehouseInboundTypes } from '../../application/apply-warehouse-events/warehouse-set';

/**
 * The subscription: orders released and cancelled, shipments planned, tenders accepted and
 * withdrawn, every one a transaction holds applied as one set. Other types on these topics
 * are left to the runtime (ignored).
 */
@Controller()
export class WarehouseEventHandlers {
  constructor(
    @Inject(ApplyWarehouseEventsHandler) private readonly apply: ApplyWarehouseEventsHandler,
  ) {}

  @EventSetPattern(warehouseInboundTypes)
  applyAll(@Payload() events: WarehouseSetEvent[], @Ctx() ctx: EventSetContext) {
    return this.apply.execute(ctx.tx, events);
  }
}
