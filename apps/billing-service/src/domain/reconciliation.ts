import { isBillingError } from './billing-errors';
import {
  InvoiceTotals,
  PricedLine,
  calculateInvoice,
  invoiceTotalsAreConsistent,
} from './invoice-calculation';
import { Money } from './money';
import { TaxTable } from './tax-table';

/** A delivered order with the facts its invoice must follow from. */
export interface DeliveredOrder {
  readonly orderId: string;
  readonly currency: string;
  readonly region: string;
  readonly lines: readonly PricedLine[];
  /** Confirmed freight; null when none was confirmed (then only consistency is checked). */
  readonly freight: Money | null;
}

export interface IssuedInvoiceRecord extends InvoiceTotals {
  readonly invoiceNumber: string;
  readonly orderId: string;
}

export type TotalMismatchProblem = 'INCONSISTENT_TOTALS' | 'DIFFERS_FROM_ORDER';

export interface TotalMismatch {
  readonly orderId: string;
  readonly invoiceNumber: string;
  readonly problem: TotalMismatchProblem;
  readonly invoicedTotal: Money;
  /** What the order's lines, freight and tax give; absent when it cannot be computed. */
  readonly expectedTotal?: Money;
}

export interface ReconciliationReport {
  readonly deliveredNotInvoiced: readonly string[];
  readonly invoicedNotDelivered: readonly { orderId: string; invoiceNumber: string }[];
  readonly duplicateInvoices: readonly { orderId: string; invoiceNumbers: readonly string[] }[];
  readonly totalMismatches: readonly TotalMismatch[];
  readonly mismatchCount: number;
}

/**
 * invariant 2 of docs/architecture.md as a report: every delivered order has exactly one invoice, no
 * invoice lacks a delivery, and every invoice total equals lines + freight + tax, both
 * within itself and as recomputed from the order. Output is sorted, so equal inputs give
 * equal reports.
 */
export function reconcileBilling(
  deliveredOrders: readonly DeliveredOrder[],
  invoices: readonly IssuedInvoiceRecord[],
  taxes: TaxTable,
): ReconciliationReport {
  const delivered = new Map(deliveredOrders.map((order) => [order.orderId, order]));
  const byOrder = groupByOrder(invoices);
  const deliveredNotInvoiced = [...delivered.keys()].filter((id) => !byOrder.has(id)).sort();
  const invoicedNotDelivered = sorted(invoices.filter((inv) => !delivered.has(inv.orderId)));
  const duplicateInvoices = [...byOrder.entries()]
    .filter(([, group]) => group.length > 1)
    .map(([orderId, group]) => ({
      orderId,
      invoiceNumbers: group.map((i) => i.invoiceNumber).sort(),
    }))
    .sort((a, b) => a.orderId.localeCompare(b.orderId));
  const totalMismatches = sorted(invoices)
    .map((invoice) => totalMismatchOf(invoice, delivered.get(invoice.orderId), taxes))
    .filter((mismatch): mismatch is TotalMismatch => mismatch !== null);
  const mismatchCount =
    deliveredNotInvoiced.length +
    invoicedNotDelivered.length +
    duplicateInvoices.length +
    totalMismatches.length;
  return {
    deliveredNotInvoiced,
    invoicedNotDelivered: invoicedNotDelivered.map(({ orderId, invoiceNumber }) => ({
      orderId,
      invoiceNumber,
    })),
    duplicateInvoices,
    totalMismatches,
    mismatchCount,
  };
}

function totalMismatchOf(
  invoice: IssuedInvoiceRecord,
  order: DeliveredOrder | undefined,
  taxes: TaxTable,
): TotalMismatch | null {
  const base = {
    orderId: invoice.orderId,
    invoiceNumber: invoice.invoiceNumber,
    invoicedTotal: invoice.total,
  };
  if (!invoiceTotalsAreConsistent(invoice)) {
    return { ...base, problem: 'INCONSISTENT_TOTALS' };
  }
  if (!order || !order.freight) return null;
  try {
    const expected = calculateInvoice({ ...order, freight: order.freight }, taxes).total;
    return expected.equals(invoice.total)
      ? null
      : { ...base, problem: 'DIFFERS_FROM_ORDER', expectedTotal: expected };
  } catch (error) {
    // An order whose invoice cannot be computed (currency mismatch, unknown region) cannot
    // match any invoice; anything else is a bug and must surface.
    if (!isBillingError(error)) throw error;
    return { ...base, problem: 'DIFFERS_FROM_ORDER' };
  }
}

function groupByOrder(
  invoices: readonly IssuedInvoiceRecord[],
): Map<string, IssuedInvoiceRecord[]> {
  const groups = new Map<string, IssuedInvoiceRecord[]>();
  for (const invoice of invoices) {
    groups.set(invoice.orderId, [...(groups.get(invoice.orderId) ?? []), invoice]);
  }
  return groups;
}

function sorted(invoices: readonly IssuedInvoiceRecord[]): IssuedInvoiceRecord[] {
  return [...invoices].sort(
    (a, b) => a.orderId.localeCompare(b.orderId) || a.invoiceNumber.localeCompare(b.invoiceNumber),
  );
}
