import { BillingCase, FreightCharge, MilestoneRecord, OrderTerms } from './billing-case';
import { BillingError } from './billing-errors';
import {
  BillingFact,
  FreightCostConfirmedFact,
  OrderReleasedFact,
  isForecast,
} from './billing-facts';
import { Money } from './money';

/** Records a fact; a repeated eventId returns the case unchanged. */
export function recordBillingFact(state: BillingCase, fact: BillingFact): BillingCase {
  if (fact.orderId !== state.orderId) {
    throw new BillingError('BILLING.ORDER_MISMATCH', `fact for ${fact.orderId}`, {
      caseOrderId: state.orderId,
      factOrderId: fact.orderId,
    });
  }
  if (state.seenEventIds.includes(fact.eventId)) {
    return state;
  }
  // Kept sorted: a set of ids, equal whatever order the facts arrived in (a rebuild reads the
  // topics in another interleaving than live did, and must come out equal row for row).
  const seenEventIds = [...state.seenEventIds, fact.eventId].sort();
  const seen = { ...state, seenEventIds };
  return applyFact(seen, fact);
}

function applyFact(state: BillingCase, fact: BillingFact): BillingCase {
  const milestone = 'classifier' in fact && !isForecast(fact.classifier);
  const record = 'shipmentId' in fact ? toMilestone(fact) : null;
  switch (fact.type) {
    case 'OrderReleased':
      // The first release wins: an order is released once; a conflicting repeat is ignored.
      return state.order ? state : { ...state, order: toOrderTerms(fact) };
    case 'FreightCostConfirmed':
      return { ...state, freight: laterFreight(state.freight, toFreight(fact)) };
    case 'ShipmentDelivered':
      // Only a delivery that happened counts; an unclassified one is not proof of delivery.
      return fact.classifier === 'ACTUAL' && record
        ? { ...state, deliveries: [...state.deliveries, record] }
        : state;
    case 'CustomsHoldRaised':
    case 'CustomsCleared': {
      const kind = fact.type === 'CustomsHoldRaised' ? 'RAISED' : 'CLEARED';
      return milestone && record
        ? { ...state, customs: [...state.customs, { ...record, kind }] }
        : state;
    }
    case 'DeliveryFailed':
      return milestone && record
        ? { ...state, deliveryFailures: [...state.deliveryFailures, record] }
        : state;
    case 'OrderCancelled':
      return { ...state, cancelled: true };
    case 'ManualHoldPlaced':
      assertHoldable(state);
      return { ...state, manualHold: { note: fact.note, by: fact.by } };
    case 'ManualHoldReleased':
      if (!state.manualHold) {
        throw new BillingError('BILLING.NOT_HELD', `order ${state.orderId} has no manual hold`);
      }
      return { ...state, manualHold: null };
  }
}

function assertHoldable(state: BillingCase): void {
  if (state.issuedInvoice) {
    throw new BillingError('BILLING.INVOICE_ALREADY_ISSUED', `order ${state.orderId} is invoiced`);
  }
  if (state.cancelled) {
    throw new BillingError('BILLING.ORDER_CANCELLED', `order ${state.orderId} is cancelled`);
  }
}

function toMilestone(fact: {
  eventId: string;
  shipmentId: string;
  milestoneAt: number;
}): MilestoneRecord {
  return { eventId: fact.eventId, shipmentId: fact.shipmentId, at: fact.milestoneAt };
}

function toOrderTerms(fact: OrderReleasedFact): OrderTerms {
  const lines = fact.lines.map((line) => ({
    lineNo: line.lineNo,
    sku: line.sku,
    quantity: line.quantity,
    unitPrice: Money.of(line.unitPriceMinor, line.currency),
  }));
  return { customerId: fact.customerId, currency: fact.currency, region: fact.region, lines };
}

function toFreight(fact: FreightCostConfirmedFact): FreightCharge {
  const amount = Money.of(fact.amountMinor, fact.currency);
  return { eventId: fact.eventId, amount, occurredAt: fact.occurredAt };
}

/** The latest confirmation wins, ties broken by eventId, so arrival order never matters. */
function laterFreight(current: FreightCharge | null, next: FreightCharge): FreightCharge {
  if (!current) return next;
  if (next.occurredAt !== current.occurredAt) {
    return next.occurredAt > current.occurredAt ? next : current;
  }
  return next.eventId > current.eventId ? next : current;
}
