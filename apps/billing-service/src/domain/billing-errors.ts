/** Stable codes of the billing domain's rejections; the application maps them to exceptions. */
export type BillingErrorCode =
  | 'BILLING.INVALID_CURRENCY'
  | 'BILLING.INVALID_AMOUNT'
  | 'BILLING.CURRENCY_MISMATCH'
  | 'BILLING.INVALID_TAX_RATE'
  | 'BILLING.TAX_RATE_UNKNOWN'
  | 'BILLING.INVALID_ORDER_LINES'
  | 'BILLING.MALFORMED_INVOICE_NUMBER'
  | 'BILLING.INVOICE_SERIES_MISMATCH'
  | 'BILLING.INVOICE_SERIES_EXHAUSTED'
  | 'BILLING.ORDER_MISMATCH'
  | 'BILLING.INVOICE_ALREADY_ISSUED'
  | 'BILLING.ORDER_CANCELLED'
  | 'BILLING.NOT_HELD';

/**
 * A business rule was broken. Never retriable: the same input fails the same way, so the
 * caller raises an exception (or answers 4xx) instead of retrying or dead-lettering.
 */
export class BillingError extends Error {
  readonly retriable = false;

  constructor(
    readonly code: BillingErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(`${code}: ${message}`);
    this.name = 'BillingError';
  }
}

export function isBillingError(error: unknown, code?: BillingErrorCode): error is BillingError {
  return error instanceof BillingError && (code === undefined || error.code === code);
}
