import { BillingError } from './billing-errors';
import { Money } from './money';
import { BasisPoints, TaxTable, taxOn } from './tax-table';

/** One priced order line as OrderReleased carries it. */
export interface PricedLine {
  readonly lineNo: number;
  readonly sku: string;
  readonly quantity: number;
  readonly unitPrice: Money;
}

export interface InvoiceLine extends PricedLine {
  readonly amount: Money;
}

export interface InvoiceCalculationInput {
  readonly currency: string;
  readonly region: string;
  readonly lines: readonly PricedLine[];
  readonly freight: Money;
}

export interface CalculatedInvoice {
  readonly currency: string;
  readonly region: string;
  readonly lines: readonly InvoiceLine[];
  readonly subtotal: Money;
  readonly freight: Money;
  readonly taxRate: BasisPoints;
  readonly tax: Money;
  readonly total: Money;
}

/**
 * Tax rule: freight is taxed like the goods it carries, so the taxable base is
 * subtotal + freight, and tax is computed and rounded ONCE per invoice (not per line), so
 * that the tax line always equals rate x base and never drifts with the number of lines.
 * total = subtotal + freight + tax, exactly, in minor units.
 */
export function calculateInvoice(
  input: InvoiceCalculationInput,
  taxes: TaxTable,
): CalculatedInvoice {
  const sortedLines = [...input.lines].sort((a, b) => a.lineNo - b.lineNo);
  assertLines(sortedLines, input.currency);
  const lines = sortedLines.map(toInvoiceLine);
  const subtotal = Money.sum(
    input.currency,
    lines.map((line) => line.amount),
  );
  const freight = Money.zero(input.currency).plus(input.freight);
  if (freight.isNegative()) {
    throw new BillingError('BILLING.INVALID_AMOUNT', 'freight cannot be negative', {
      freightMinor: freight.amountMinor,
    });
  }
  const taxRate = taxes.rateFor(input.region);
  const tax = taxOn(subtotal.plus(freight), taxRate);
  const total = subtotal.plus(freight).plus(tax);
  return {
    currency: input.currency,
    region: input.region,
    lines,
    subtotal,
    freight,
    taxRate,
    tax,
    total,
  };
}

function toInvoiceLine(line: PricedLine): InvoiceLine {
  return { ...line, amount: line.unitPrice.times(line.quantity) };
}

function assertLines(lines: readonly PricedLine[], currency: string): void {
  if (lines.length === 0) {
    throw new BillingError('BILLING.INVALID_ORDER_LINES', 'an invoice needs at least one line');
  }
  lines.forEach((line, index) => {
    Money.zero(currency).assertSameCurrency(line.unitPrice);
    const duplicate = index > 0 && lines[index - 1].lineNo === line.lineNo;
    const badQuantity = !Number.isSafeInteger(line.quantity) || line.quantity <= 0;
    if (duplicate || badQuantity || line.unitPrice.isNegative()) {
      throw new BillingError('BILLING.INVALID_ORDER_LINES', `invalid line ${line.lineNo}`, {
        lineNo: line.lineNo,
        quantity: line.quantity,
        unitPriceMinor: line.unitPrice.amountMinor,
      });
    }
  });
}

export interface InvoiceTotals {
  readonly lines: readonly {
    readonly quantity: number;
    readonly unitPrice: Money;
    readonly amount: Money;
  }[];
  readonly subtotal: Money;
  readonly freight: Money;
  readonly tax: Money;
  readonly total: Money;
}

/**
 * invariant 2 of docs/architecture.md as a predicate: every line amount is quantity x unit price, the
 * subtotal is their sum, and total = subtotal + freight + tax, all in one currency.
 */
export function invoiceTotalsAreConsistent(invoice: InvoiceTotals): boolean {
  try {
    const currency = invoice.total.currency;
    const linesOk = invoice.lines.every((l) => l.unitPrice.times(l.quantity).equals(l.amount));
    const subtotal = Money.sum(
      currency,
      invoice.lines.map((l) => l.amount),
    );
    const total = subtotal.plus(invoice.freight).plus(invoice.tax);
    return linesOk && subtotal.equals(invoice.subtotal) && total.equals(invoice.total);
  } catch {
    // A currency mismatch inside an invoice is itself an inconsistency, not a crash.
    return false;
  }
}
