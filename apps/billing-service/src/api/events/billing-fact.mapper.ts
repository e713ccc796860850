import type {
  CustomsClearedV1,
  CustomsHoldRaisedV1,
  DeliveryFailedV1,
  FreightCostConfirmedV1,
  OrderCancelledV1,
  OrderReleasedV1,
  ShipmentDeliveredV2,
} from '@logisync/canonical-events';
import type { SetEvent } from '@logisync/event-runtime';
import type { FactInSet } from '../../application/apply-billing-events/order-in-set';
import type { FactOrigin } from '../../application/billing-case-invoice';
import type { BillingFact } from '../../domain';

/** The event types billing consumes, each mapped to one billing fact below. */
export const BILLING_EVENT_TYPES = [
  'OrderReleased',
  'OrderCancelled',
  'FreightCostConfirmed',
  'ShipmentDelivered',
  'CustomsHoldRaised',
  'CustomsCleared',
  'DeliveryFailed',
] as const;

type CarrierMilestone =
  CustomsClearedV1 | CustomsHoldRaisedV1 | DeliveryFailedV1 | ShipmentDeliveredV2;

export type BillingEvent =
  OrderReleasedV1 | OrderCancelledV1 | FreightCostConfirmedV1 | CarrierMilestone;

/**
 * An order or transport milestone as a billing fact. ShipmentDelivered v1 and v2 both arrive
 * as v2 (the codec resolves every writer version to the newest reader schema).
 */
export function factOf({ event: e, envelope }: SetEvent<BillingEvent>): FactInSet {
  const { fact, extra } = mapped(envelope.eventType, e);
  const origin: FactOrigin = {
    causationId: e.meta.eventId,
    tenant: e.meta.tenant,
    region: e.meta.region,
    by: e.meta.producer,
    ...extra,
  };
  return { fact, origin, traceparent: envelope.traceparent };
}

function mapped(
  eventType: string,
  e: BillingEvent,
): { fact: BillingFact; extra?: Partial<FactOrigin> } {
  const base = { eventId: e.meta.eventId, orderId: e.orderId };
  switch (eventType) {
    case 'OrderReleased': {
      const o = e as OrderReleasedV1;
      const fact: BillingFact = {
        type: 'OrderReleased',
        ...base,
        customerId: o.customerId,
        currency: o.currency,
        region: o.region,
        lines: o.lines.map((l) => ({
          lineNo: l.lineNo,
          sku: l.sku,
          quantity: l.quantity,
          unitPriceMinor: l.unitPriceMinor,
          currency: l.currency,
        })),
      };
      return { fact, extra: { region: o.region } };
    }
    case 'OrderCancelled':
      return { fact: { type: 'OrderCancelled', ...base } };
    case 'FreightCostConfirmed': {
      const f = e as FreightCostConfirmedV1;
      const fact: BillingFact = {
        type: 'FreightCostConfirmed',
        ...base,
        amountMinor: f.amountMinor,
        currency: f.currency,
        occurredAt: f.meta.occurredAt.getTime(),
      };
      return { fact, extra: { freight: { shipmentId: f.shipmentId, carrierId: f.carrierId } } };
    }
    case 'ShipmentDelivered':
      return { fact: { type: 'ShipmentDelivered', ...milestone(e as CarrierMilestone) } };
    case 'CustomsHoldRaised': {
      const c = e as CustomsHoldRaisedV1;
      const detail =
        [c.holdReason, c.customsReference].filter(Boolean).join(' / ') || 'customs hold';
      return { fact: { type: 'CustomsHoldRaised', ...milestone(c) }, extra: { detail } };
    }
    case 'CustomsCleared':
      return { fact: { type: 'CustomsCleared', ...milestone(e as CarrierMilestone) } };
    case 'DeliveryFailed': {
      const d = e as DeliveryFailedV1;
      const detail = `${d.reason}${d.detail ? `: ${d.detail}` : ''}`;
      return { fact: { type: 'DeliveryFailed', ...milestone(d) }, extra: { detail } };
    }
    default:
      throw new Error(`billing does not consume ${eventType}`);
  }
}

function milestone(e: CarrierMilestone) {
  return {
    eventId: e.meta.eventId,
    orderId: e.orderId,
    shipmentId: e.shipmentId,
    classifier: e.classifier,
    milestoneAt: e.milestoneAt.getTime(),
  };
}
