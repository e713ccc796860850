import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type {
  AllocationFailedV1,
  ExceptionRaisedV1,
  CustomsHoldRaisedV1,
  InvoiceHeldV1,
} from '@logisync/canonical-events';
import { EventContext } from '@logisync/event-runtime';
import { ApplyMilestoneHandler } from '../../application/apply-milestone/apply-milestone.handler';
import type { MilestoneType } from '../../domain/milestone';
import { toMilestone, type MilestoneEvent } from './to-milestone';

/**
 * The table of subscriptions: every warehouse, transport and billing milestone goes to the
 * order's status machine. Types without a handler (ExceptionRaised of other services) are
 * left to the runtime, which counts them as ignored.
 */
@Controller()
export class MilestoneEventHandlers {
  constructor(@Inject(ApplyMilestoneHandler) private readonly apply: ApplyMilestoneHandler) {}

  private handle(type: MilestoneType, event: MilestoneEvent, ctx: EventContext, detail?: string) {
    return this.apply.execute(
      ctx.tx,
      event.orderId,
      toMilestone(type, event, ctx.envelope, detail),
    );
  }

  @EventPattern('InventoryAllocated') inventoryAllocated(
    @Payload() e: MilestoneEvent,
    @Ctx() c: EventContext,
  ) {
    return this.handle('InventoryAllocated', e, c);
  }
  @EventPattern('AllocationFailed')
  allocationFailed(@Payload() e: AllocationFailedV1, @Ctx() c: EventContext) {
    const short = e.shortLines.map((l) => `${l.sku} ${l.quantityAvailable}/${l.quantityRequested}`);
    return this.handle('AllocationFailed', e, c, `${e.reason}: ${short.join(', ')}`);
  }
  @EventPattern('AllocationReleased') allocationReleased(
    @Payload() e: MilestoneEvent,
    @Ctx() c: EventContext,
  ) {
    return this.handle('AllocationReleased', e, c);
  }
  @EventPattern('OrderPicked') orderPicked(@Payload() e: MilestoneEvent, @Ctx() c: EventContext) {
    return this.handle('OrderPicked', e, c);
  }
  @EventPattern('OrderPacked') orderPacked(@Payload() e: MilestoneEvent, @Ctx() c: EventContext) {
    return this.handle('OrderPacked', e, c);
  }
  @EventPattern('ShipmentLoaded') shipmentLoaded(
    @Payload() e: MilestoneEvent,
    @Ctx() c: EventContext,
  ) {
    return this.handle('ShipmentLoaded', e, c);
  }
  @EventPattern('ShipmentPlanned') shipmentPlanned(
    @Payload() e: MilestoneEvent,
    @Ctx() c: EventContext,
  ) {
    return this.handle('ShipmentPlanned', e, c);
  }
  @EventPattern('CarrierTendered') carrierTendered(
    @Payload() e: MilestoneEvent,
    @Ctx() c: EventContext,
  ) {
    return this.handle('CarrierTendered', e, c);
  }
  @EventPattern('TenderAccepted') tenderAccepted(
    @Payload() e: MilestoneEvent,
    @Ctx() c: EventContext,
  ) {
    return this.handle('TenderAccepted', e, c);
  }
  @EventPattern('TenderRejected') tenderRejected(
    @Payload() e: MilestoneEvent,
    @Ctx() c: EventContext,
  ) {
    return this.handle('TenderRejected', e, c);
  }
  @EventPattern('ShipmentDeparted') shipmentDeparted(
    @Payload() e: MilestoneEvent,
    @Ctx() c: EventContext,
  ) {
    return this.handle('ShipmentDeparted', e, c);
  }
  @EventPattern('ShipmentInTransit') shipmentInTransit(
    @Payload() e: MilestoneEvent,
    @Ctx() c: EventContext,
  ) {
    return this.handle('ShipmentInTransit', e, c);
  }
  @EventPattern('CustomsHoldRaised')
  customsHoldRaised(@Payload() e: CustomsHoldRaisedV1, @Ctx() c: EventContext) {
    return this.handle('CustomsHoldRaised', e, c, e.holdReason ?? 'customs hold');
  }
  @EventPattern('CustomsCleared') customsCleared(
    @Payload() e: MilestoneEvent,
    @Ctx() c: EventContext,
  ) {
    return this.handle('CustomsCleared', e, c);
  }
  @EventPattern('ShipmentDelivered') shipmentDelivered(
    @Payload() e: MilestoneEvent,
    @Ctx() c: EventContext,
  ) {
    return this.handle('ShipmentDelivered', e, c);
  }
  @EventPattern('DeliveryFailed') deliveryFailed(
    @Payload() e: MilestoneEvent & { reason: string },
    @Ctx() c: EventContext,
  ) {
    return this.handle('DeliveryFailed', e, c, `${e.reason}${e.detail ? `: ${e.detail}` : ''}`);
  }
  @EventPattern('FreightCostConfirmed') freightCostConfirmed(
    @Payload() e: MilestoneEvent,
    @Ctx() c: EventContext,
  ) {
    return this.handle('FreightCostConfirmed', e, c);
  }
  @EventPattern('InvoiceHeld')
  invoiceHeld(@Payload() e: InvoiceHeldV1, @Ctx() c: EventContext) {
    return this.handle('InvoiceHeld', e, c, `${e.reason}${e.detail ? `: ${e.detail}` : ''}`);
  }
  @EventPattern('InvoiceReleased') invoiceReleased(
    @Payload() e: MilestoneEvent,
    @Ctx() c: EventContext,
  ) {
    return this.handle('InvoiceReleased', e, c);
  }
  @EventPattern('InvoiceIssued') invoiceIssued(
    @Payload() e: MilestoneEvent,
    @Ctx() c: EventContext,
  ) {
    return this.handle('InvoiceIssued', e, c);
  }

  /** Other services' exceptions are recorded; every tender rejected holds the order. */
  @EventPattern('ExceptionRaised')
  exceptionRaised(@Payload() e: ExceptionRaisedV1, @Ctx() c: EventContext) {
    const milestone = toMilestone('ExceptionRaised', e, c.envelope, `${e.type}: ${e.details}`);
    return this.apply.execute(c.tx, e.orderId, { ...milestone, exceptionType: e.type });
  }
}
