import { CalculatedInvoice, PricedLine } from './invoice-calculation';
import { Money } from './money';

export type HoldReason = 'CUSTOMS_HOLD' | 'DELIVERY_FAILED' | 'MANUAL';

export interface OrderTerms {
  readonly customerId: string;
  readonly currency: string;
  readonly region: string;
  readonly lines: readonly PricedLine[];
}

export interface FreightCharge {
  readonly eventId: string;
  readonly amount: Money;
  readonly occurredAt: number;
}

export interface MilestoneRecord {
  readonly eventId: string;
  readonly shipmentId: string;
  readonly at: number;
}

export interface CustomsRecord extends MilestoneRecord {
  readonly kind: 'RAISED' | 'CLEARED';
}

/**
 * Everything billing knows about one order, as an immutable value. Facts are recorded in
 * any order and any number of times (deduplicated by eventId); what to do is decided from
 * the whole picture in billing-decision.ts, so arrival order cannot change the invoice.
 */
export interface BillingCase {
  readonly orderId: string;
  readonly seenEventIds: readonly string[];
  readonly order: OrderTerms | null;
  readonly freight: FreightCharge | null;
  readonly deliveries: readonly MilestoneRecord[];
  readonly customs: readonly CustomsRecord[];
  readonly deliveryFailures: readonly MilestoneRecord[];
  readonly manualHold: { readonly note: string; readonly by: string } | null;
  readonly cancelled: boolean;
  /** Holds already announced with a HOLD decision and not yet released. */
  readonly announcedHolds: readonly HoldReason[];
  /** The one invoice of the order, once an ISSUE or RELEASE_AND_ISSUE was committed. */
  readonly issuedInvoice: CalculatedInvoice | null;
}

export function openBillingCase(orderId: string): BillingCase {
  return {
    orderId,
    seenEventIds: [],
    order: null,
    freight: null,
    deliveries: [],
    customs: [],
    deliveryFailures: [],
    manualHold: null,
    cancelled: false,
    announcedHolds: [],
    issuedInvoice: null,
  };
}
