import { openBillingCase } from './billing-case';
import {
  facts as f,
  fixtureOrderId,
  fixtureTaxes,
  fixtureTotals,
  playBillingFacts as run,
} from './billing-case.fixtures';
import { BillingDecision, commitBillingDecision, decideBilling } from './billing-decision';
import { BillingFact, MilestoneClassifier } from './billing-facts';

const code = (c: string) => expect.objectContaining({ code: c });
const kinds = (decisions: readonly BillingDecision[]) => decisions.map((d) => d.kind);

describe('decideBilling: delivery, order data, freight, cancellation', () => {
  it('does nothing before delivery, whatever else is known', () => {
    expect(decideBilling(openBillingCase(fixtureOrderId), fixtureTaxes)).toEqual({
      kind: 'NOTHING',
      why: 'AWAITING_DELIVERY',
    });
    expect(run([f.released, f.freight, f.customsHeldInTransit]).decisions).toEqual(
      Array(3).fill({ kind: 'NOTHING', why: 'AWAITING_DELIVERY' }),
    );
  });

  it.each<MilestoneClassifier>(['PLANNED', 'ESTIMATED', 'UNKNOWN'])(
    'ignores a %s delivery',
    (classifier) => {
      const forecast: BillingFact = { ...f.delivered, classifier };
      expect(run([f.released, f.freight, forecast]).last).toEqual({
        kind: 'NOTHING',
        why: 'AWAITING_DELIVERY',
      });
    },
  );

  it('issues on the ACTUAL delivery with lines + freight + tax', () => {
    const { last } = run([f.released, f.freight, f.delivered]);
    const invoice = last.kind === 'ISSUE' ? last.invoice : null;
    expect(
      invoice && {
        subtotal: invoice.subtotal.amountMinor,
        freight: invoice.freight.amountMinor,
        tax: invoice.tax.amountMinor,
        total: invoice.total.amountMinor,
      },
    ).toEqual(fixtureTotals);
    expect(invoice?.lines.map((l) => l.amount.amountMinor)).toEqual([5997, 50]);
  });

  it('asks to wait for the order when the delivery comes first, then issues', () => {
    expect(kinds(run([f.delivered, f.freight, f.released]).decisions)).toEqual([
      'WAIT_FOR_ORDER',
      'WAIT_FOR_ORDER',
      'ISSUE',
    ]);
  });

  it('waits for confirmed freight after delivery', () => {
    const { decisions } = run([f.released, f.delivered, f.freight]);
    expect(decisions[1]).toEqual({ kind: 'NOTHING', why: 'AWAITING_FREIGHT' });
    expect(decisions[2].kind).toBe('ISSUE');
  });

  it('never issues twice: repeats and later events after the invoice do nothing', () => {
    const newerFreight: BillingFact = {
      ...f.freight,
      eventId: 'e-freight-2',
      amountMinor: 9999,
      occurredAt: 20,
    };
    const later = [
      f.delivered,
      f.deliveredAgain,
      f.redelivered,
      newerFreight,
      f.customsHeldAfterDelivery,
      f.failedAfterDelivery,
    ];
    const { decisions, state } = run([f.released, f.freight, f.delivered, ...later]);
    expect(decisions.filter((d) => d.kind === 'ISSUE')).toHaveLength(1);
    expect(decisions.slice(3)).toEqual(
      Array(later.length).fill({ kind: 'NOTHING', why: 'ALREADY_ISSUED' }),
    );
    expect(state.issuedInvoice?.total.amountMinor).toBe(fixtureTotals.total);
  });

  it('never invoices a cancelled order, even one with delivery data and no order data', () => {
    expect(run([f.released, f.freight, f.cancelled, f.delivered]).last).toEqual({
      kind: 'NOTHING',
      why: 'CANCELLED',
    });
    expect(run([f.cancelled, f.delivered]).last).toEqual({ kind: 'NOTHING', why: 'CANCELLED' });
  });

  it('flags a cancellation learned after the invoice instead of issuing again', () => {
    expect(run([f.released, f.freight, f.delivered, f.cancelled]).last).toEqual({
      kind: 'NOTHING',
      why: 'CANCELLED_AFTER_ISSUE',
    });
  });

  it('rejects freight in another currency than the order with BILLING.CURRENCY_MISMATCH', () => {
    const usdFreight: BillingFact = { ...f.freight, currency: 'USD' };
    expect(() => run([f.released, usdFreight, f.delivered])).toThrow(
      code('BILLING.CURRENCY_MISMATCH'),
    );
  });

  it('rejects an order from a region without a tax rate with BILLING.TAX_RATE_UNKNOWN', () => {
    const elsewhere: BillingFact = { ...f.released, region: 'ap-south' };
    expect(() => run([elsewhere, f.freight, f.delivered])).toThrow(
      code('BILLING.TAX_RATE_UNKNOWN'),
    );
  });

  it('commits only what changes the case: holds announced and the invoice issued', () => {
    const waiting = run([f.delivered]).state;
    expect(commitBillingDecision(waiting, { kind: 'WAIT_FOR_ORDER' })).toBe(waiting);
    expect(commitBillingDecision(waiting, { kind: 'NOTHING', why: 'AWAITING_FREIGHT' })).toBe(
      waiting,
    );
    const held = commitBillingDecision(waiting, { kind: 'HOLD', reasons: ['MANUAL'] });
    expect(held.announcedHolds).toEqual(['MANUAL']);
  });
});
