export { BillingError, isBillingError } from './billing-errors';
export type { BillingErrorCode } from './billing-errors';
export { Money, assertCurrencyCode } from './money';
export type { CurrencyCode } from './money';
export { applyBasisPoints, divideRoundingHalfAwayFromZero } from './rounding';
export { TaxTable, taxOn } from './tax-table';
export type { BasisPoints } from './tax-table';
export { calculateInvoice, invoiceTotalsAreConsistent } from './invoice-calculation';
export type {
  CalculatedInvoice,
  InvoiceCalculationInput,
  InvoiceLine,
  InvoiceTotals,
  PricedLine,
} from './invoice-calculation';
export {
  DEFAULT_INVOICE_SERIES,
  formatInvoiceNumber,
  invoiceYearOf,
  nextInvoiceNumber,
  parseInvoiceNumber,
} from './invoice-number';
export type { InvoiceNumber } from './invoice-number';
export { isForecast } from './billing-facts';
export type * from './billing-facts';
export { openBillingCase } from './billing-case';
export { recordBillingFact } from './record-billing-fact';
export type {
  BillingCase,
  CustomsRecord,
  FreightCharge,
  HoldReason,
  MilestoneRecord,
  OrderTerms,
} from './billing-case';
export { openHolds } from './billing-holds';
export { commitBillingDecision, decideBilling, handleBillingFact } from './billing-decision';
export type { BillingDecision, BillingStep, WaitingReason } from './billing-decision';
export { reconcileBilling } from './reconciliation';
export type {
  DeliveredOrder,
  IssuedInvoiceRecord,
  ReconciliationReport,
  TotalMismatch,
  TotalMismatchProblem,
} from './reconciliation';
