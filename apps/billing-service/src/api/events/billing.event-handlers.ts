import { Controller, Inject, UseFilters } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type {
  CustomsClearedV1,
  CustomsHoldRaisedV1,
  DeliveryFailedV1,
  FreightCostConfirmedV1,
  OrderCancelledV1,
  OrderReleasedV1,
  ShipmentDeliveredV2,
} from '@logisync/canonical-events';
import { EventContext, NonRetriableError } from '@logisync/event-runtime';
import {
  ApplyBillingFactHandler,
  type FactOrigin,
} from '../../application/apply-billing-fact/apply-billing-fact.handler';
import { EventErrorFilter } from './event-error.filter';
import { isBillingError, type BillingFact } from '../../domain';

interface Meta {
  meta: { eventId: string; tenant: string; region: string; producer: string; occurredAt: Date };
}

type CarrierMilestone =
  CustomsClearedV1 | CustomsHoldRaisedV1 | DeliveryFailedV1 | ShipmentDeliveredV2;

/**
 * Order and transport milestones as billing facts. ShipmentDelivered v1 and v2 both arrive
 * here (the codec resolves every writer version to the newest reader schema). A fact the
 * billing rules reject (an unknown tax region, mixed currencies) can never apply: dead letter.
 */
@UseFilters(EventErrorFilter)
@Controller()
export class BillingEventHandlers {
  constructor(@Inject(ApplyBillingFactHandler) private readonly apply: ApplyBillingFactHandler) {}

  private async handle(
    fact: BillingFact,
    e: Meta,
    ctx: EventContext,
    extra: Partial<FactOrigin> = {},
  ) {
    try {
      await this.apply.execute(ctx.tx, fact, {
        causationId: e.meta.eventId,
        tenant: e.meta.tenant,
        region: e.meta.region,
        by: e.meta.producer,
        ...extra,
      });
    } catch (error) {
      if (isBillingError(error))
        throw new NonRetriableError(error.message, error.code, { cause: error });
      throw error;
    }
  }

  private milestone(e: CarrierMilestone) {
    return {
      eventId: e.meta.eventId,
      orderId: e.orderId,
      shipmentId: e.shipmentId,
      classifier: e.classifier,
      milestoneAt: e.milestoneAt.getTime(),
    };
  }

  @EventPattern('OrderReleased')
  orderReleased(@Payload() e: OrderReleasedV1, @Ctx() c: EventContext) {
    const fact: BillingFact = {
      type: 'OrderReleased',
      eventId: e.meta.eventId,
      orderId: e.orderId,
      customerId: e.customerId,
      currency: e.currency,
      region: e.region,
      lines: e.lines.map((l) => ({
        lineNo: l.lineNo,
        sku: l.sku,
        quantity: l.quantity,
        unitPriceMinor: l.unitPriceMinor,
        currency: l.currency,
      })),
    };
    return this.handle(fact, e, c, { region: e.region });
  }

  @EventPattern('OrderCancelled')
  orderCancelled(@Payload() e: OrderCancelledV1, @Ctx() c: EventContext) {
    return this.handle(
      { type: 'OrderCancelled', eventId: e.meta.eventId, orderId: e.orderId },
      e,
      c,
    );
  }

  @EventPattern('FreightCostConfirmed')
  freightCostConfirmed(@Payload() e: FreightCostConfirmedV1, @Ctx() c: EventContext) {
    const fact: BillingFact = {
      type: 'FreightCostConfirmed',
      eventId: e.meta.eventId,
      orderId: e.orderId,
      amountMinor: e.amountMinor,
      currency: e.currency,
      occurredAt: e.meta.occurredAt.getTime(),
    };
    return this.handle(fact, e, c, {
      freight: { shipmentId: e.shipmentId, carrierId: e.carrierId },
    });
  }

  @EventPattern('ShipmentDelivered')
  shipmentDelivered(@Payload() e: ShipmentDeliveredV2, @Ctx() c: EventContext) {
    return this.handle({ type: 'ShipmentDelivered', ...this.milestone(e) }, e, c);
  }

  @EventPattern('CustomsHoldRaised')
  customsHoldRaised(@Payload() e: CustomsHoldRaisedV1, @Ctx() c: EventContext) {
    const detail = [e.holdReason, e.customsReference].filter(Boolean).join(' / ') || 'customs hold';
    return this.handle({ type: 'CustomsHoldRaised', ...this.milestone(e) }, e, c, { detail });
  }

  @EventPattern('CustomsCleared')
  customsCleared(@Payload() e: CustomsClearedV1, @Ctx() c: EventContext) {
    return this.handle({ type: 'CustomsCleared', ...this.milestone(e) }, e, c);
  }

  @EventPattern('DeliveryFailed')
  deliveryFailed(@Payload() e: DeliveryFailedV1, @Ctx() c: EventContext) {
    const detail = `${e.reason}${e.detail ? `: ${e.detail}` : ''}`;
    return this.handle({ type: 'DeliveryFailed', ...this.milestone(e) }, e, c, { detail });
  }
}
