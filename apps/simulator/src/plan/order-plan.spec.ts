import { DEFAULT_RATES, NO_TROUBLE, planOrder } from './order-plan';
import { SeededRandom } from './random';
import { SCARCE_SKU } from '../world/enterprise';

describe('order plans', () => {
  it('are the same for the same seed and differ for another', () => {
    const plans = (seed: number) => {
      const random = new SeededRandom(seed);
      return Array.from({ length: 50 }, (_, i) => planOrder(i, DEFAULT_RATES, random));
    };
    expect(plans(7)).toEqual(plans(7));
    expect(plans(7)).not.toEqual(plans(8));
  });

  it('have no trouble when every rate is zero', () => {
    const random = new SeededRandom(1);
    for (let i = 0; i < 200; i++) {
      const plan = planOrder(i, NO_TROUBLE, random);
      expect(plan).toMatchObject({
        shortage: false,
        carrier: 'accept',
        customsHold: false,
        deliveryFailure: false,
        cancel: false,
        lateCancel: false,
      });
      expect(plan.lines.some((l) => l.sku === SCARCE_SKU.sku)).toBe(false);
      expect(plan.lines.length).toBeGreaterThanOrEqual(1);
      for (const line of plan.lines) expect(line.quantity).toBeGreaterThan(0);
    }
  });

  it('follow the rates roughly over many orders', () => {
    const random = new SeededRandom(3);
    const plans = Array.from({ length: 4000 }, (_, i) =>
      planOrder(i, { ...NO_TROUBLE, shortage: 0.25, carrierRejection: 0.5 }, random),
    );
    const share = (f: (p: (typeof plans)[number]) => boolean) =>
      plans.filter(f).length / plans.length;
    expect(share((p) => p.shortage)).toBeGreaterThan(0.22);
    expect(share((p) => p.shortage)).toBeLessThan(0.28);
    expect(share((p) => p.carrier === 'reject-first')).toBeGreaterThan(0.46);
    expect(share((p) => p.carrier === 'reject-first')).toBeLessThan(0.54);
    expect(
      plans.filter((p) => p.shortage).every((p) => p.lines.some((l) => l.sku === SCARCE_SKU.sku)),
    ).toBe(true);
  });

  it('give a cancelled order no carrier or delivery trouble', () => {
    const random = new SeededRandom(5);
    const rates = {
      ...NO_TROUBLE,
      cancellation: 1,
      noCarrier: 1,
      customsHold: 1,
      deliveryFailure: 1,
      lateCancellation: 1,
    };
    const plan = planOrder(0, rates, random);
    expect(plan).toMatchObject({
      cancel: true,
      carrier: 'accept',
      customsHold: false,
      deliveryFailure: false,
      lateCancel: false,
    });
  });
});
