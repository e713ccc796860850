import {
  facts as f,
  fixtureTaxes,
  issuesInvoice,
  playBillingFacts as play,
} from './billing-case.fixtures';
import { BillingDecision, handleBillingFact } from './billing-decision';
import { BillingFact } from './billing-facts';
import { invoiceTotalsAreConsistent } from './invoice-calculation';

/** Every ordering of `items` (Heap's algorithm, iterative): n! arrays. */
function* permutations<T>(items: readonly T[]): Generator<T[]> {
  const current = [...items];
  const counters = current.map(() => 0);
  yield [...current];
  let i = 1;
  while (i < current.length) {
    if (counters[i] < i) {
      const j = i % 2 === 0 ? 0 : counters[i];
      [current[i], current[j]] = [current[j], current[i]];
      yield [...current];
      counters[i] += 1;
      i = 1;
    } else {
      counters[i] = 0;
      i += 1;
    }
  }
}

const invoiceOf = (d: BillingDecision) =>
  d.kind === 'ISSUE' || d.kind === 'RELEASE_AND_ISSUE' ? d.invoice : null;
const isActualDelivery = (fact: BillingFact) =>
  fact.type === 'ShipmentDelivered' && fact.classifier === 'ACTUAL';

describe('any arrival order, any repetition: exactly one invoice, always the same', () => {
  it('generates n! distinct orderings', () => {
    const all = [...permutations([1, 2, 3, 4])].map((p) => p.join(''));
    expect(all).toHaveLength(24);
    expect(new Set(all).size).toBe(24);
  });

  it('issues once, after delivery, with the same invoice, over all 40 320 orderings', () => {
    // A replayed delivery (same eventId, as after a crash before commit) and a carrier repeat.
    const sequence = [
      f.released,
      f.freight,
      f.delivered,
      f.delivered,
      f.deliveredAgain,
      f.customsHeldInTransit,
      f.customsClearedInTransit,
      f.failedBeforeDelivery,
    ];
    const reference = play(sequence).state.issuedInvoice;
    expect(reference && invoiceTotalsAreConsistent(reference)).toBe(true);
    // Violations are collected and asserted once: 40 320 x 5 expect() calls would dominate the run.
    const referenceKey = JSON.stringify(reference);
    const violations: string[] = [];
    let orderings = 0;
    for (const ordering of permutations(sequence)) {
      const { decisions, state } = play(ordering);
      const issuing = decisions.flatMap((d, i) => (issuesInvoice(d) ? [i] : []));
      const sameInvoice =
        issuing.length === 1 &&
        JSON.stringify(invoiceOf(decisions[issuing[0]])) === referenceKey &&
        JSON.stringify(state.issuedInvoice) === referenceKey;
      if (!sameInvoice || issuing[0] < ordering.findIndex(isActualDelivery)) {
        violations.push(ordering.map((fact) => fact.eventId).join(' > '));
      }
      orderings += 1;
    }
    expect(violations).toEqual([]);
    expect(orderings).toBe(40_320);
  });

  it('asks to wait for the order exactly when an actual delivery is seen before the order data', () => {
    for (const ordering of permutations([
      f.released,
      f.freight,
      f.delivered,
      f.estimate,
      f.deliveredAgain,
    ])) {
      const { decisions } = play(ordering);
      const orderAt = ordering.indexOf(f.released);
      const deliveredAt = ordering.findIndex(isActualDelivery);
      decisions.forEach((decision, i) => {
        expect(decision.kind === 'WAIT_FOR_ORDER').toBe(deliveredAt <= i && i < orderAt);
      });
      expect(decisions.filter(issuesInvoice)).toHaveLength(1);
    }
  });

  it('replaying the whole log after the invoice never issues again', () => {
    const sequence = [
      f.released,
      f.freight,
      f.delivered,
      f.customsHeldInTransit,
      f.customsClearedInTransit,
      f.failedBeforeDelivery,
    ];
    for (const ordering of permutations(sequence)) {
      let state = play(ordering).state;
      for (const fact of [...ordering].reverse()) {
        const step = handleBillingFact(state, fact, fixtureTaxes);
        expect(step.decision).toEqual({ kind: 'NOTHING', why: 'ALREADY_ISSUED' });
        state = step.state;
      }
    }
  });

  it('never invoices when the cancellation arrives before the invoice could be issued', () => {
    for (const ordering of permutations([
      f.released,
      f.freight,
      f.delivered,
      f.cancelled,
      f.deliveredAgain,
    ])) {
      const { decisions } = play(ordering);
      const cancelAt = ordering.indexOf(f.cancelled);
      const issuedAt = decisions.findIndex(issuesInvoice);
      const before = ordering.slice(0, cancelAt);
      const readyBeforeCancel =
        before.includes(f.released) && before.includes(f.freight) && before.some(isActualDelivery);
      expect(issuedAt >= 0).toBe(readyBeforeCancel);
      if (issuedAt >= 0) {
        expect(decisions[cancelAt]).toEqual({ kind: 'NOTHING', why: 'CANCELLED_AFTER_ISSUE' });
      }
    }
  });
});
