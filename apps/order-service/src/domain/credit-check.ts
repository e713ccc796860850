import { BusinessRuleError } from './order.errors';

export interface CreditPosition {
  customerId: string;
  creditLimitMinor: number;
  currency: string;
  /** Released, not yet invoiced and not cancelled orders of the customer. */
  openOrderValueMinor: number;
}

/** Open order value plus this order must stay within the customer's credit limit. */
export function checkCredit(position: CreditPosition, orderTotalMinor: number, currency: string) {
  checkCurrency(position.currency, currency);
  const requiredMinor = position.openOrderValueMinor + orderTotalMinor;
  if (requiredMinor > position.creditLimitMinor) {
    throw new BusinessRuleError(
      'ORDER.CREDIT_LIMIT_EXCEEDED',
      `open orders ${position.openOrderValueMinor} plus this order ${orderTotalMinor} exceed ` +
        `the credit limit ${position.creditLimitMinor} ${currency}`,
      {
        creditLimitMinor: position.creditLimitMinor,
        openOrderValueMinor: position.openOrderValueMinor,
        orderTotalMinor,
        exceededByMinor: requiredMinor - position.creditLimitMinor,
        currency,
      },
    );
  }
}

/** An order is priced in its customer's currency, so the credit check compares like with like. */
export function checkCurrency(customerCurrency: string, orderCurrency: string): void {
  if (orderCurrency !== customerCurrency) {
    throw new BusinessRuleError(
      'ORDER.CURRENCY_MISMATCH',
      `the order is in ${orderCurrency}, the customer's credit in ${customerCurrency}`,
      { orderCurrency, customerCurrency },
    );
  }
}
