import { BillingError } from './billing-errors';
import { Money, assertCurrencyCode } from './money';

const code = (c: string) => expect.objectContaining({ code: c });

describe('Money', () => {
  it('adds, subtracts and multiplies integer minor units of one currency', () => {
    const price = Money.of(1999, 'EUR');
    expect(price.times(3).plus(Money.of(1, 'EUR'))).toEqual(Money.of(5998, 'EUR'));
    expect(price.minus(Money.of(2000, 'EUR')).isNegative()).toBe(true);
    expect(Money.sum('EUR', [price, price])).toEqual(Money.of(3998, 'EUR'));
    expect(Money.sum('EUR', [])).toEqual(Money.zero('EUR'));
  });

  it('refuses to mix currencies with BILLING.CURRENCY_MISMATCH', () => {
    const eur = Money.of(100, 'EUR');
    const usd = Money.of(100, 'USD');
    expect(() => eur.plus(usd)).toThrow(BillingError);
    expect(() => eur.plus(usd)).toThrow(code('BILLING.CURRENCY_MISMATCH'));
    expect(() => eur.minus(usd)).toThrow(code('BILLING.CURRENCY_MISMATCH'));
    expect(() => Money.sum('EUR', [eur, usd])).toThrow(code('BILLING.CURRENCY_MISMATCH'));
  });

  it('says that a mismatch is not retriable and names both currencies', () => {
    try {
      Money.of(1, 'EUR').plus(Money.of(1, 'GBP'));
      throw new Error('expected a mismatch');
    } catch (error) {
      expect(error).toMatchObject({ retriable: false, details: { left: 'EUR', right: 'GBP' } });
    }
  });

  it('accepts only integer, safe amounts and factors', () => {
    expect(() => Money.of(1.5, 'EUR')).toThrow(code('BILLING.INVALID_AMOUNT'));
    expect(() => Money.of(Number.MAX_SAFE_INTEGER + 1, 'EUR')).toThrow(
      code('BILLING.INVALID_AMOUNT'),
    );
    expect(() => Money.of(Number.MAX_SAFE_INTEGER, 'EUR').plus(Money.of(1, 'EUR'))).toThrow(
      code('BILLING.INVALID_AMOUNT'),
    );
    expect(() => Money.of(1, 'EUR').times(0.5)).toThrow(code('BILLING.INVALID_AMOUNT'));
  });

  it('accepts only ISO 4217 shaped currency codes', () => {
    expect(assertCurrencyCode('JPY')).toBe('JPY');
    for (const bad of ['eur', 'EURO', 'E1R', '']) {
      expect(() => Money.of(1, bad)).toThrow(code('BILLING.INVALID_CURRENCY'));
    }
  });

  it('compares by amount and currency', () => {
    expect(Money.of(5, 'EUR').equals(Money.of(5, 'EUR'))).toBe(true);
    expect(Money.of(5, 'EUR').equals(Money.of(5, 'USD'))).toBe(false);
    expect(Money.of(5, 'EUR').equals(Money.of(6, 'EUR'))).toBe(false);
  });
});
