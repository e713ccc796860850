import { facts as f, fixtureTaxes, playBillingFacts as run } from './billing-case.fixtures';
import { handleBillingFact } from './billing-decision';
import { BillingFact } from './billing-facts';

const code = (c: string) => expect.objectContaining({ code: c });

describe('decideBilling: holds', () => {
  it('holds on an open customs hold and releases and issues when cleared', () => {
    const sequence = [
      f.released,
      f.freight,
      f.customsHeldAfterDelivery,
      f.delivered,
      f.customsHeldAfterDelivery,
      f.customsClearedAfterDelivery,
    ];
    const { decisions } = run(sequence);
    expect(decisions[2]).toEqual({ kind: 'NOTHING', why: 'AWAITING_DELIVERY' });
    expect(decisions[3]).toEqual({ kind: 'HOLD', reasons: ['CUSTOMS_HOLD'] });
    expect(decisions[4]).toEqual({ kind: 'NOTHING', why: 'STILL_HELD' });
    expect(decisions[5]).toMatchObject({ kind: 'RELEASE_AND_ISSUE', released: ['CUSTOMS_HOLD'] });
  });

  it('does not hold for a customs hold cleared before delivery, nor for a forecast hold', () => {
    const cleared = [
      f.released,
      f.freight,
      f.customsHeldInTransit,
      f.customsClearedInTransit,
      f.delivered,
    ];
    expect(run(cleared).last.kind).toBe('ISSUE');
    const forecastHold: BillingFact = { ...f.customsHeldAfterDelivery, classifier: 'ESTIMATED' };
    expect(run([f.released, f.freight, forecastHold, f.delivered]).last.kind).toBe('ISSUE');
  });

  it('holds on a delivery failure later than the delivery, released by a later delivery', () => {
    const { decisions, last } = run([
      f.released,
      f.freight,
      f.failedAfterDelivery,
      f.delivered,
      f.redelivered,
    ]);
    expect(decisions[3]).toEqual({ kind: 'HOLD', reasons: ['DELIVERY_FAILED'] });
    expect(last).toMatchObject({ kind: 'RELEASE_AND_ISSUE', released: ['DELIVERY_FAILED'] });
  });

  it('treats a failed attempt before the actual delivery as resolved', () => {
    expect(run([f.released, f.freight, f.failedBeforeDelivery, f.delivered]).last.kind).toBe(
      'ISSUE',
    );
  });

  it('announces each newly opened hold once and releases only when all are gone', () => {
    const sequence = [
      f.released,
      f.freight,
      f.customsHeldAfterDelivery,
      f.delivered,
      f.manualHold,
      f.customsClearedAfterDelivery,
      f.manualRelease,
    ];
    expect(run(sequence).decisions.slice(3)).toEqual([
      { kind: 'HOLD', reasons: ['CUSTOMS_HOLD'] },
      { kind: 'HOLD', reasons: ['MANUAL'] },
      { kind: 'NOTHING', why: 'STILL_HELD' },
      expect.objectContaining({ kind: 'RELEASE_AND_ISSUE', released: ['CUSTOMS_HOLD', 'MANUAL'] }),
    ]);
  });

  it('announces a manual hold placed before delivery at delivery', () => {
    const { decisions } = run([f.released, f.freight, f.manualHold, f.delivered, f.manualRelease]);
    expect(decisions.map((d) => d.kind)).toEqual([
      'NOTHING',
      'NOTHING',
      'NOTHING',
      'HOLD',
      'RELEASE_AND_ISSUE',
    ]);
  });

  it('releases a hold but waits for freight before issuing', () => {
    const { decisions } = run([f.released, f.manualHold, f.delivered, f.manualRelease, f.freight]);
    expect(decisions[2]).toEqual({ kind: 'HOLD', reasons: ['MANUAL'] });
    expect(decisions[3]).toEqual({ kind: 'NOTHING', why: 'AWAITING_FREIGHT' });
    expect(decisions[4]).toMatchObject({ kind: 'RELEASE_AND_ISSUE', released: ['MANUAL'] });
  });

  it('refuses manual holds on issued or cancelled orders, and a release without a hold', () => {
    const issued = run([f.released, f.freight, f.delivered]).state;
    expect(() => handleBillingFact(issued, f.manualHold, fixtureTaxes)).toThrow(
      code('BILLING.INVOICE_ALREADY_ISSUED'),
    );
    const cancelled = run([f.cancelled]).state;
    expect(() => handleBillingFact(cancelled, f.manualHold, fixtureTaxes)).toThrow(
      code('BILLING.ORDER_CANCELLED'),
    );
    expect(() => run([f.manualRelease])).toThrow(code('BILLING.NOT_HELD'));
  });
});
