import { BillingCase, openBillingCase } from './billing-case';
import { BillingDecision, handleBillingFact } from './billing-decision';
import { BillingFact, MilestoneClassifier } from './billing-facts';
import { TaxTable } from './tax-table';

/** Shared by the billing-case specs: one realistic order and its milestones. Not exported by index.ts. */
export const fixtureOrderId = 'O-7';
export const fixtureTaxes = TaxTable.fromRates({ 'eu-west': 1900 });
/** 3 x 19.99 + 0.50 = 60.47; + 12.50 freight = 72.97; 19 % = 13.8643 -> 13.86; total 86.83. */
export const fixtureTotals = { subtotal: 6047, freight: 1250, tax: 1386, total: 8683 };

const orderId = fixtureOrderId;
const carrier = (eventId: string, at: number, classifier: MilestoneClassifier = 'ACTUAL') => ({
  eventId,
  orderId,
  shipmentId: 'S-7',
  classifier,
  milestoneAt: at,
});

export const facts = {
  released: {
    type: 'OrderReleased',
    eventId: 'e-released',
    orderId,
    customerId: 'C-9',
    currency: 'EUR',
    region: 'eu-west',
    lines: [
      { lineNo: 1, sku: 'SKU-A', quantity: 3, unitPriceMinor: 1999, currency: 'EUR' },
      { lineNo: 2, sku: 'SKU-B', quantity: 1, unitPriceMinor: 50, currency: 'EUR' },
    ],
  },
  freight: {
    type: 'FreightCostConfirmed',
    eventId: 'e-freight',
    orderId,
    amountMinor: 1250,
    currency: 'EUR',
    occurredAt: 10,
  },
  estimate: { type: 'ShipmentDelivered', ...carrier('e-estimate', 800, 'ESTIMATED') },
  delivered: { type: 'ShipmentDelivered', ...carrier('e-delivered', 1000) },
  /** The carrier resent its scan: the same delivery under another eventId. */
  deliveredAgain: { type: 'ShipmentDelivered', ...carrier('e-delivered-again', 1000) },
  redelivered: { type: 'ShipmentDelivered', ...carrier('e-redelivered', 2000) },
  customsHeldInTransit: { type: 'CustomsHoldRaised', ...carrier('e-customs-hold', 500) },
  customsClearedInTransit: { type: 'CustomsCleared', ...carrier('e-customs-cleared', 600) },
  customsHeldAfterDelivery: { type: 'CustomsHoldRaised', ...carrier('e-customs-hold-2', 1100) },
  customsClearedAfterDelivery: { type: 'CustomsCleared', ...carrier('e-customs-cleared-2', 1200) },
  failedBeforeDelivery: { type: 'DeliveryFailed', ...carrier('e-failed', 900) },
  failedAfterDelivery: { type: 'DeliveryFailed', ...carrier('e-failed-2', 1100) },
  cancelled: { type: 'OrderCancelled', eventId: 'e-cancelled', orderId },
  manualHold: { type: 'ManualHoldPlaced', eventId: 'c-hold', orderId, note: 'dispute', by: 'ops' },
  manualRelease: {
    type: 'ManualHoldReleased',
    eventId: 'c-release',
    orderId,
    note: 'ok',
    by: 'ops',
  },
} satisfies Record<string, BillingFact>;

/** Handles `sequence` in order, as a handler would one event at a time. */
export function playBillingFacts(
  sequence: readonly BillingFact[],
  start: BillingCase = openBillingCase(orderId),
): { decisions: BillingDecision[]; state: BillingCase; last: BillingDecision } {
  let state = start;
  const decisions = sequence.map((fact) => {
    const step = handleBillingFact(state, fact, fixtureTaxes);
    state = step.state;
    return step.decision;
  });
  return { decisions, state, last: decisions[decisions.length - 1] };
}

export const issuesInvoice = (decision: BillingDecision): boolean =>
  decision.kind === 'ISSUE' || decision.kind === 'RELEASE_AND_ISSUE';
