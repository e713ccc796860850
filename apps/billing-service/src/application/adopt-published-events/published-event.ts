import type {
  InvoiceHeldV1,
  InvoiceIssuedV1,
  InvoiceReleasedV1,
  InvoiceHoldReason,
} from '@logisync/canonical-events';
import {
  Money,
  type BillingCase,
  type CalculatedInvoice,
  type HoldReason,
  type TaxTable,
} from '../../domain';
import { wireHoldReason } from '../billing-event.factory';

/** Billing's own published events that say something about its state. */
export type PublishedBillingEvent =
  | { type: 'InvoiceIssued'; event: InvoiceIssuedV1 }
  | { type: 'InvoiceHeld'; event: InvoiceHeldV1 }
  | { type: 'InvoiceReleased'; event: InvoiceReleasedV1 };

export const ADOPTED_TYPES: ReadonlySet<string> = new Set([
  'InvoiceIssued',
  'InvoiceHeld',
  'InvoiceReleased',
]);

/** The wire reason back to the domain's (each domain reason has its own wire symbol). */
const domainHoldReason = new Map<InvoiceHoldReason, HoldReason>(
  Object.entries(wireHoldReason).map(([domain, wire]) => [wire, domain as HoldReason]),
);

/**
 * A case after one of its own published events, taken back from the topic in log order:
 * what the transaction that published it had committed to the case. An event whose cause the
 * case has already recorded changes nothing: the transaction that recorded the cause is the
 * one that decided and published it, so the case already holds its effect (a plain restart
 * adopts the relay's last batch, whose causes are all recorded). Command-caused events (no
 * cause) are judged by the state alone.
 */
export function adoptPublished(
  state: BillingCase,
  published: PublishedBillingEvent,
  taxes: TaxTable,
): BillingCase {
  const cause = published.event.meta.causationId;
  if (cause && state.seenEventIds.includes(cause)) return state;
  // Nothing is held or released after the issue (the decision's first rule).
  if (state.issuedInvoice) return state;
  switch (published.type) {
    case 'InvoiceIssued':
      return {
        ...state,
        announcedHolds: [],
        issuedInvoice: calculatedOf(published.event, taxes),
      };
    case 'InvoiceHeld': {
      const reason = domainHoldReason.get(published.event.reason);
      return reason && !state.announcedHolds.includes(reason)
        ? { ...state, announcedHolds: [...state.announcedHolds, reason] }
        : state;
    }
    case 'InvoiceReleased': {
      const reason = domainHoldReason.get(published.event.reason);
      return { ...state, announcedHolds: state.announcedHolds.filter((r) => r !== reason) };
    }
  }
}

/** The invoice as calculated when it was issued, from what InvoiceIssued carries. */
export function calculatedOf(event: InvoiceIssuedV1, taxes: TaxTable): CalculatedInvoice {
  const money = (minor: number) => Money.of(minor, event.currency);
  const region = event.meta.region;
  return {
    currency: event.currency,
    region,
    lines: event.lines.map((l) => ({
      lineNo: l.lineNo,
      sku: l.sku,
      quantity: l.quantity,
      unitPrice: money(l.unitPriceMinor),
      amount: money(l.amountMinor),
    })),
    subtotal: money(event.subtotalMinor),
    freight: money(event.freightMinor),
    taxRate: taxRateOf(event, taxes),
    tax: money(event.taxMinor),
    total: money(event.totalMinor),
  };
}

/**
 * InvoiceIssued v1 carries the tax but not its rate: the rate is the table's for the invoice's
 * region (the one it was calculated with), or, for a region the table no longer knows, the
 * rate the amounts imply.
 */
export function taxRateOf(event: InvoiceIssuedV1, taxes: TaxTable): number {
  try {
    return taxes.rateFor(event.meta.region);
  } catch {
    const base = event.subtotalMinor + event.freightMinor;
    return base === 0 ? 0 : Math.round((event.taxMinor * 10_000) / base);
  }
}
