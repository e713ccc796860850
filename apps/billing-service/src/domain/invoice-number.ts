import { BillingError } from './billing-errors';

/**
 * Legal invoice numbers: `<SERIES>-<YEAR>-<SEQUENCE>`, e.g. INV-2026-000001. Gapless per
 * series and year: the first of a year is 000001 and each next one is the last plus one.
 * The database serializes allocation (one row per series and year, updated under lock);
 * this module only defines the format and the increment.
 */
export interface InvoiceNumber {
  readonly series: string;
  readonly year: number;
  readonly sequence: number;
}

export const DEFAULT_INVOICE_SERIES = 'INV';
const SEQUENCE_DIGITS = 6;
const MAX_SEQUENCE = 10 ** SEQUENCE_DIGITS - 1;
const SERIES_SHAPE = /^[A-Z]{2,10}$/;
const NUMBER_SHAPE = /^([A-Z]{2,10})-(\d{4})-(\d{6})$/;

export function formatInvoiceNumber(number: InvoiceNumber): string {
  assertParts(number);
  const sequence = String(number.sequence).padStart(SEQUENCE_DIGITS, '0');
  return `${number.series}-${number.year}-${sequence}`;
}

export function parseInvoiceNumber(text: string): InvoiceNumber {
  const match = NUMBER_SHAPE.exec(text);
  if (!match) {
    throw malformed(text);
  }
  const parsed = { series: match[1], year: Number(match[2]), sequence: Number(match[3]) };
  if (parsed.sequence < 1 || parsed.year < 2000) {
    throw malformed(text);
  }
  return parsed;
}

/** The invoice year is the UTC calendar year of the issue time. */
export function invoiceYearOf(issuedAtUtcMillis: number): number {
  return new Date(issuedAtUtcMillis).getUTCFullYear();
}

/**
 * The next number of `series` in `year`, given the last one issued there (null when none
 * was issued yet). A last number of another series or year is a caller bug, not a reset.
 */
export function nextInvoiceNumber(series: string, year: number, lastIssued: string | null): string {
  if (lastIssued === null) {
    return formatInvoiceNumber({ series, year, sequence: 1 });
  }
  const last = parseInvoiceNumber(lastIssued);
  if (last.series !== series || last.year !== year) {
    throw new BillingError(
      'BILLING.INVOICE_SERIES_MISMATCH',
      `last number ${lastIssued} is not of series ${series} in ${year}`,
      { series, year, lastIssued },
    );
  }
  if (last.sequence >= MAX_SEQUENCE) {
    throw new BillingError('BILLING.INVOICE_SERIES_EXHAUSTED', `${series}-${year} is full`, {
      series,
      year,
    });
  }
  return formatInvoiceNumber({ series, year, sequence: last.sequence + 1 });
}

function assertParts({ series, year, sequence }: InvoiceNumber): void {
  const validYear = Number.isInteger(year) && year >= 2000 && year <= 9999;
  const validSequence = Number.isInteger(sequence) && sequence >= 1 && sequence <= MAX_SEQUENCE;
  if (!SERIES_SHAPE.test(series) || !validYear || !validSequence) {
    throw new BillingError('BILLING.MALFORMED_INVOICE_NUMBER', 'invalid invoice number parts', {
      series,
      year,
      sequence,
    });
  }
}

function malformed(text: string): BillingError {
  return new BillingError('BILLING.MALFORMED_INVOICE_NUMBER', `malformed: "${text}"`, { text });
}
