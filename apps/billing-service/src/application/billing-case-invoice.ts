import { derivedId } from '@logisync/canonical-events';
import {
  openHolds,
  type BillingCase,
  type BillingFact,
  type CalculatedInvoice,
  type HoldReason,
} from '../domain';
import { InvoiceEntity } from '../infrastructure/billing.entities';
import type { InvoiceStatus } from './invoice.view';

/** Where a fact came from: the triggering event (or command) and who acts. */
export interface FactOrigin {
  causationId: string | null;
  tenant: string;
  region: string;
  /** Who placed or released a hold: the producing service, or the API caller. */
  by: string;
  /** Free text of a hold (customs reason, failure reason, operator note). */
  detail?: string;
  /** Freight facts carry their shipment and carrier for the freight_charge table. */
  freight?: { shipmentId: string; carrierId: string };
}

export function statusOf(state: BillingCase): InvoiceStatus {
  if (state.issuedInvoice) return 'ISSUED';
  if (state.cancelled) return 'CANCELLED';
  if (openHolds(state).length > 0) return 'HELD';
  if (state.deliveries.length === 0) return 'AWAITING_DELIVERY';
  return 'AWAITING_FREIGHT';
}

/** The hold a fact opens, whose free text (FactOrigin.detail) goes to the hold history. */
export const holdOf: Partial<Record<BillingFact['type'], HoldReason>> = {
  CustomsHoldRaised: 'CUSTOMS_HOLD',
  DeliveryFailed: 'DELIVERY_FAILED',
  ManualHoldPlaced: 'MANUAL',
};

/**
 * The id of an order's one invoice, derived from the order: a replay from a restored database,
 * or the adoption of the published InvoiceIssued, names the same invoice.
 */
export function invoiceIdOf(orderId: string): string {
  return derivedId('invoice', orderId);
}

/** The invoice row of an order, created as soon as billing knows the order's data. */
export function newInvoice(
  orderId: string,
  state: BillingCase,
  tenant: string,
  now: Date,
): InvoiceEntity {
  const order = state.order!;
  return Object.assign(new InvoiceEntity(), {
    id: invoiceIdOf(orderId),
    orderId,
    customerId: order.customerId,
    tenant,
    region: order.region,
    currency: order.currency,
    status: statusOf(state),
    holds: [],
    invoiceNumber: null,
    lines: null,
    subtotalMinor: null,
    freightMinor: null,
    taxRateBp: null,
    taxMinor: null,
    totalMinor: null,
    issuedAt: null,
    createdAt: now,
    updatedAt: now,
  });
}

/**
 * An invoice adopted from its published InvoiceIssued before the case knew the order (the
 * restored database had not seen OrderReleased yet) gets the order's customer once it does.
 */
export function completeAdopted(invoice: InvoiceEntity, state: BillingCase): void {
  if (!invoice.customerId && state.order) invoice.customerId = state.order.customerId;
}

/** The invoice's issued amounts (its number is allocated apart). */
export function issuedFields(calc: CalculatedInvoice, now: Date): Partial<InvoiceEntity> {
  return {
    currency: calc.currency,
    lines: calc.lines.map((l) => ({
      lineNo: l.lineNo,
      sku: l.sku,
      quantity: l.quantity,
      unitPriceMinor: l.unitPrice.amountMinor,
      amountMinor: l.amount.amountMinor,
    })),
    subtotalMinor: calc.subtotal.amountMinor,
    freightMinor: calc.freight.amountMinor,
    taxRateBp: calc.taxRate,
    taxMinor: calc.tax.amountMinor,
    totalMinor: calc.total.amountMinor,
    issuedAt: now,
  };
}
