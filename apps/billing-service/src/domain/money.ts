import { BillingError } from './billing-errors';

/** ISO 4217 alphabetic code, e.g. EUR. */
export type CurrencyCode = string;

const ISO_4217_SHAPE = /^[A-Z]{3}$/;

export function assertCurrencyCode(currency: string): CurrencyCode {
  if (!ISO_4217_SHAPE.test(currency)) {
    throw new BillingError('BILLING.INVALID_CURRENCY', `not an ISO 4217 code: "${currency}"`, {
      currency,
    });
  }
  return currency;
}

/**
 * An amount in integer minor units (cents for EUR, yen for JPY) of one currency. The
 * exponent of the currency never matters here: every amount on an invoice shares one
 * currency, so arithmetic stays in minor units and formatting is the caller's concern.
 */
export class Money {
  private constructor(
    readonly amountMinor: number,
    readonly currency: CurrencyCode,
  ) {}

  static of(amountMinor: number, currency: string): Money {
    if (!Number.isSafeInteger(amountMinor)) {
      throw new BillingError('BILLING.INVALID_AMOUNT', `not a safe integer: ${amountMinor}`, {
        amountMinor,
      });
    }
    return new Money(amountMinor, assertCurrencyCode(currency));
  }

  static zero(currency: string): Money {
    return Money.of(0, currency);
  }

  /** Sums amounts of one currency; an empty list sums to zero of `currency`. */
  static sum(currency: string, amounts: readonly Money[]): Money {
    return amounts.reduce((total, amount) => total.plus(amount), Money.zero(currency));
  }

  plus(other: Money): Money {
    this.assertSameCurrency(other);
    return Money.of(this.amountMinor + other.amountMinor, this.currency);
  }

  minus(other: Money): Money {
    this.assertSameCurrency(other);
    return Money.of(this.amountMinor - other.amountMinor, this.currency);
  }

  /** Multiplies by an integer count (a quantity); fractions go through tax rounding only. */
  times(count: number): Money {
    if (!Number.isSafeInteger(count)) {
      throw new BillingError('BILLING.INVALID_AMOUNT', `not an integer factor: ${count}`, {
        count,
      });
    }
    return Money.of(this.amountMinor * count, this.currency);
  }

  isNegative(): boolean {
    return this.amountMinor < 0;
  }

  equals(other: Money): boolean {
    return this.currency === other.currency && this.amountMinor === other.amountMinor;
  }

  assertSameCurrency(other: Money): void {
    if (other.currency !== this.currency) {
      throw new BillingError(
        'BILLING.CURRENCY_MISMATCH',
        `cannot combine ${this.currency} with ${other.currency}`,
        { left: this.currency, right: other.currency },
      );
    }
  }

  toString(): string {
    return `${this.amountMinor} ${this.currency} (minor units)`;
  }
}
