import { BillingError } from './billing-errors';
import { Money } from './money';
import { applyBasisPoints } from './rounding';

/** Tax rate in basis points: 1900 = 19.00 %. */
export type BasisPoints = number;

const MAX_RATE: BasisPoints = 10_000;

/**
 * Tax rates per fulfilment region (the `region` of OrderReleased, e.g. eu-west). A region
 * without a rate is an error, never a silent zero: an untaxed invoice is a legal defect.
 */
export class TaxTable {
  private readonly rates: ReadonlyMap<string, BasisPoints>;

  private constructor(rates: ReadonlyMap<string, BasisPoints>) {
    this.rates = rates;
  }

  static fromRates(rates: Readonly<Record<string, BasisPoints>>): TaxTable {
    const entries = Object.entries(rates).map(([region, rate]) => {
      assertRate(region, rate);
      return [region, rate] as const;
    });
    return new TaxTable(new Map(entries));
  }

  rateFor(region: string): BasisPoints {
    const rate = this.rates.get(region);
    if (rate === undefined) {
      throw new BillingError('BILLING.TAX_RATE_UNKNOWN', `no tax rate for region "${region}"`, {
        region,
      });
    }
    return rate;
  }

  regions(): string[] {
    return [...this.rates.keys()].sort();
  }
}

function assertRate(region: string, rate: number): void {
  if (!Number.isInteger(rate) || rate < 0 || rate > MAX_RATE) {
    throw new BillingError(
      'BILLING.INVALID_TAX_RATE',
      `rate for "${region}" must be integer basis points 0..${MAX_RATE}, got ${rate}`,
      { region, rate },
    );
  }
}

/** Tax on a taxable base at `rate`, rounded once (see rounding.ts). */
export function taxOn(base: Money, rate: BasisPoints): Money {
  return Money.of(applyBasisPoints(base.amountMinor, rate), base.currency);
}
