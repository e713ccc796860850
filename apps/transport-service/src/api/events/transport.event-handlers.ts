import { Controller, Inject, UseFilters } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type {
  CarrierMilestoneReportedV1,
  OrderCancelledV1,
  OrderPackedV1,
  OrderReleasedV1,
  ShipmentLoadedV1,
} from '@logisync/canonical-events';
import {
  EventContext,
  EventErrorPassthroughFilter,
  NonRetriableError,
} from '@logisync/event-runtime';
import { MarkShipmentLoadedHandler } from '../../application/mark-shipment-loaded/mark-shipment-loaded.handler';
import { PlanShipmentHandler } from '../../application/plan-shipment/plan-shipment.handler';
import { RecordCarrierMilestoneHandler } from '../../application/record-carrier-milestone/record-carrier-milestone.handler';
import { RecordOrderReleaseHandler } from '../../application/record-order-release/record-order-release.handler';
import { TransportAppError } from '../../application/transport-app.errors';
import { WithdrawShipmentHandler } from '../../application/withdraw-shipment/withdraw-shipment.handler';
import { TransportError } from '../../domain';
import { toCarrierReport } from './to-carrier-report';

/**
 * The table of subscriptions. A business rejection of a consumed event (an unknown tracking
 * number, a malformed milestone, loading without a carrier) can never succeed on retry: it
 * is dead-lettered with its code at once.
 *
 * The passthrough filter is set here because the runtime's global one (APP_FILTER) does not
 * reach the microservice context of a hybrid app: without it Nest's RPC filter turns every
 * error into { status: 'error' }, and the loop could not park or dead-letter by class.
 */
@UseFilters(EventErrorPassthroughFilter)
@Controller()
export class TransportEventHandlers {
  constructor(
    @Inject(RecordOrderReleaseHandler) private readonly release: RecordOrderReleaseHandler,
    @Inject(PlanShipmentHandler) private readonly plan: PlanShipmentHandler,
    @Inject(WithdrawShipmentHandler) private readonly withdraw: WithdrawShipmentHandler,
    @Inject(MarkShipmentLoadedHandler) private readonly load: MarkShipmentLoadedHandler,
    @Inject(RecordCarrierMilestoneHandler)
    private readonly milestones: RecordCarrierMilestoneHandler,
  ) {}

  @EventPattern('OrderReleased')
  orderReleased(@Payload() e: OrderReleasedV1, @Ctx() c: EventContext) {
    return rejectAsPoison(() => this.release.execute(c.tx, e));
  }

  @EventPattern('OrderPacked')
  orderPacked(@Payload() e: OrderPackedV1, @Ctx() c: EventContext) {
    return rejectAsPoison(() => this.plan.execute(c.tx, e, c.envelope.eventId));
  }

  @EventPattern('OrderCancelled')
  orderCancelled(@Payload() e: OrderCancelledV1, @Ctx() c: EventContext) {
    return rejectAsPoison(() => this.withdraw.execute(c.tx, e, c.envelope.eventId));
  }

  @EventPattern('ShipmentLoaded')
  shipmentLoaded(@Payload() e: ShipmentLoadedV1, @Ctx() c: EventContext) {
    return rejectAsPoison(() => this.load.execute(c.tx, e, c.envelope.eventId));
  }

  @EventPattern('CarrierMilestoneReported')
  carrierMilestone(@Payload() e: CarrierMilestoneReportedV1, @Ctx() c: EventContext) {
    return rejectAsPoison(() =>
      this.milestones.fromCarrierPlatform(c.tx, e.trackingNumber, e.carrierId, toCarrierReport(e)),
    );
  }
}

async function rejectAsPoison(work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (error instanceof TransportError || error instanceof TransportAppError) {
      throw new NonRetriableError(error.message, error.code, { cause: error });
    }
    throw error;
  }
}
