import { Money } from './money';
import { TaxTable, taxOn } from './tax-table';

const code = (c: string) => expect.objectContaining({ code: c });

describe('TaxTable', () => {
  const table = TaxTable.fromRates({ 'eu-west': 1900, 'eu-north': 2500, 'us-east': 0 });

  it('gives the configured rate of a region in basis points', () => {
    expect(table.rateFor('eu-west')).toBe(1900);
    expect(table.rateFor('us-east')).toBe(0);
    expect(table.regions()).toEqual(['eu-north', 'eu-west', 'us-east']);
  });

  it('refuses a region without a rate instead of taxing it at zero', () => {
    expect(() => table.rateFor('ap-south')).toThrow(code('BILLING.TAX_RATE_UNKNOWN'));
  });

  it.each([[-1], [10_001], [19.5], [Number.NaN]])('rejects the rate %s', (rate) => {
    expect(() => TaxTable.fromRates({ x: rate })).toThrow(code('BILLING.INVALID_TAX_RATE'));
  });

  it('computes tax on a base in its currency, rounded once', () => {
    expect(taxOn(Money.of(10_000, 'EUR'), 1900)).toEqual(Money.of(1900, 'EUR'));
    expect(taxOn(Money.of(150, 'EUR'), 1900)).toEqual(Money.of(29, 'EUR'));
    expect(taxOn(Money.of(1234, 'SEK'), 2500)).toEqual(Money.of(309, 'SEK')); // 308.5
  });
});
