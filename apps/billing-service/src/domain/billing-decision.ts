import { BillingCase, HoldReason } from './billing-case';
import { recordBillingFact } from './record-billing-fact';
import { BillingFact } from './billing-facts';
import { openHolds } from './billing-holds';
import { CalculatedInvoice, calculateInvoice } from './invoice-calculation';
import { TaxTable } from './tax-table';

export type WaitingReason =
  | 'AWAITING_DELIVERY'
  | 'AWAITING_FREIGHT'
  | 'STILL_HELD'
  | 'ALREADY_ISSUED'
  | 'CANCELLED'
  /** Cancellation learned after the invoice: the application raises an exception. */
  | 'CANCELLED_AFTER_ISSUE';

export type BillingDecision =
  | { readonly kind: 'NOTHING'; readonly why: WaitingReason }
  | { readonly kind: 'WAIT_FOR_ORDER' }
  | { readonly kind: 'HOLD'; readonly reasons: readonly HoldReason[] }
  | { readonly kind: 'ISSUE'; readonly invoice: CalculatedInvoice }
  | {
      readonly kind: 'RELEASE_AND_ISSUE';
      readonly released: readonly HoldReason[];
      readonly invoice: CalculatedInvoice;
    };

/**
 * What to do now. Rules in priority order (the first that applies wins):
 *  1. invoice issued           -> NOTHING (ALREADY_ISSUED, or CANCELLED_AFTER_ISSUE)
 *  2. order cancelled          -> NOTHING (CANCELLED)
 *  3. no ACTUAL delivery       -> NOTHING (AWAITING_DELIVERY): never before delivery
 *  4. delivered, no order data -> WAIT_FOR_ORDER (the application parks the delivery)
 *  5. a hold not yet announced -> HOLD with the newly opened reasons
 *  6. holds still open         -> NOTHING (STILL_HELD)
 *  7. no confirmed freight     -> NOTHING (AWAITING_FREIGHT)
 *  8. holds were announced     -> RELEASE_AND_ISSUE with the released reasons
 *  9. otherwise                -> ISSUE
 * Throws BillingError (e.g. BILLING.CURRENCY_MISMATCH, BILLING.TAX_RATE_UNKNOWN) when the
 * invoice cannot be computed; that is a business rejection, not a retry.
 */
export function decideBilling(state: BillingCase, taxes: TaxTable): BillingDecision {
  if (state.issuedInvoice) {
    return { kind: 'NOTHING', why: state.cancelled ? 'CANCELLED_AFTER_ISSUE' : 'ALREADY_ISSUED' };
  }
  if (state.cancelled) return { kind: 'NOTHING', why: 'CANCELLED' };
  if (state.deliveries.length === 0) return { kind: 'NOTHING', why: 'AWAITING_DELIVERY' };
  if (!state.order) return { kind: 'WAIT_FOR_ORDER' };
  const holds = openHolds(state);
  const newlyOpened = holds.filter((reason) => !state.announcedHolds.includes(reason));
  if (newlyOpened.length > 0) return { kind: 'HOLD', reasons: newlyOpened };
  if (holds.length > 0) return { kind: 'NOTHING', why: 'STILL_HELD' };
  if (!state.freight) return { kind: 'NOTHING', why: 'AWAITING_FREIGHT' };
  const { currency, region, lines } = state.order;
  const invoice = calculateInvoice(
    { currency, region, lines, freight: state.freight.amount },
    taxes,
  );
  return state.announcedHolds.length > 0
    ? { kind: 'RELEASE_AND_ISSUE', released: state.announcedHolds, invoice }
    : { kind: 'ISSUE', invoice };
}

/** The case after the application carried out `decision` (in the same transaction). */
export function commitBillingDecision(state: BillingCase, decision: BillingDecision): BillingCase {
  switch (decision.kind) {
    case 'HOLD':
      return { ...state, announcedHolds: [...state.announcedHolds, ...decision.reasons] };
    case 'ISSUE':
    case 'RELEASE_AND_ISSUE':
      return { ...state, announcedHolds: [], issuedInvoice: decision.invoice };
    case 'NOTHING':
    case 'WAIT_FOR_ORDER':
      return state;
  }
}

export interface BillingStep {
  readonly state: BillingCase;
  readonly decision: BillingDecision;
}

/** Record, decide and commit in one step: the shape a handler uses per event or command. */
export function handleBillingFact(
  state: BillingCase,
  fact: BillingFact,
  taxes: TaxTable,
): BillingStep {
  const recorded = recordBillingFact(state, fact);
  const decision = decideBilling(recorded, taxes);
  return { state: commitBillingDecision(recorded, decision), decision };
}
