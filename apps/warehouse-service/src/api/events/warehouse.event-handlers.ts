import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type {
  OrderCancelledV1,
  OrderReleasedV1,
  ShipmentPlannedV1,
  TenderAcceptedV1,
  TenderWithdrawnV1,
} from '@logisync/canonical-events';
import { EventContext, NonRetriableError } from '@logisync/event-runtime';
import { AllocateOrderHandler } from '../../application/allocate-order/allocate-order.handler';
import { CancelOrderHandler } from '../../application/cancel-order/cancel-order.handler';
import { TrackShipmentHandler } from '../../application/track-shipment/track-shipment.handler';
import { LookupError, WarehouseError } from '../../domain';

/** A business rule that rejects an event rejects it every time: dead-letter, do not retry. */
async function rejectingRulesAsPoison(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (error instanceof WarehouseError || error instanceof LookupError) {
      throw new NonRetriableError(error.message, error.code, { cause: error });
    }
    throw error;
  }
}

/**
 * The table of subscriptions: orders released and cancelled, shipments planned, tenders
 * accepted and withdrawn. Other types on these topics are left to the runtime (ignored).
 */
@Controller()
export class WarehouseEventHandlers {
  constructor(
    @Inject(AllocateOrderHandler) private readonly allocate: AllocateOrderHandler,
    @Inject(CancelOrderHandler) private readonly cancel: CancelOrderHandler,
    @Inject(TrackShipmentHandler) private readonly shipments: TrackShipmentHandler,
  ) {}

  @EventPattern('OrderReleased')
  orderReleased(@Payload() e: OrderReleasedV1, @Ctx() c: EventContext) {
    return rejectingRulesAsPoison(() => this.allocate.execute(c.tx, e, c.envelope.eventId));
  }

  @EventPattern('OrderCancelled')
  orderCancelled(@Payload() e: OrderCancelledV1, @Ctx() c: EventContext) {
    return rejectingRulesAsPoison(() => this.cancel.execute(c.tx, e, c.envelope.eventId));
  }

  @EventPattern('ShipmentPlanned')
  shipmentPlanned(@Payload() e: ShipmentPlannedV1, @Ctx() c: EventContext) {
    return rejectingRulesAsPoison(() => this.shipments.planned(c.tx, e));
  }

  @EventPattern('TenderAccepted')
  tenderAccepted(@Payload() e: TenderAcceptedV1, @Ctx() c: EventContext) {
    return rejectingRulesAsPoison(() => this.shipments.tenderAccepted(c.tx, e));
  }

  @EventPattern('TenderWithdrawn')
  tenderWithdrawn(@Payload() e: TenderWithdrawnV1, @Ctx() c: EventContext) {
    return rejectingRulesAsPoison(() => this.shipments.tenderWithdrawn(c.tx, e));
  }
}
