import type { InvoiceEntity, InvoiceHoldEntity } from '../infrastructure/billing.entities';

export type InvoiceStatus =
  'AWAITING_DELIVERY' | 'AWAITING_FREIGHT' | 'HELD' | 'ISSUED' | 'CANCELLED';

export const invoiceStatuses: InvoiceStatus[] = [
  'AWAITING_DELIVERY',
  'AWAITING_FREIGHT',
  'HELD',
  'ISSUED',
  'CANCELLED',
];

export interface InvoiceView {
  id: string;
  orderId: string;
  customerId: string;
  status: string;
  invoiceNumber: string | null;
  currency: string;
  region: string;
  lines: {
    lineNo: number;
    sku: string;
    quantity: number;
    unitPriceMinor: number;
    amountMinor: number;
  }[];
  subtotalMinor: number | null;
  freightMinor: number | null;
  taxRateBasisPoints: number | null;
  taxMinor: number | null;
  totalMinor: number | null;
  issuedAt: string | null;
  openHolds: string[];
  holds?: {
    reason: string;
    detail: string | null;
    placedBy: string;
    placedAt: string;
    releasedBy: string | null;
    releasedAt: string | null;
  }[];
  createdAt: string;
  updatedAt: string;
}

export function toInvoiceView(i: InvoiceEntity, holds?: InvoiceHoldEntity[]): InvoiceView {
  const view: InvoiceView = {
    id: i.id,
    orderId: i.orderId,
    customerId: i.customerId,
    status: i.status,
    invoiceNumber: i.invoiceNumber,
    currency: i.currency,
    region: i.region,
    lines: i.lines ?? [],
    subtotalMinor: i.subtotalMinor,
    freightMinor: i.freightMinor,
    taxRateBasisPoints: i.taxRateBp,
    taxMinor: i.taxMinor,
    totalMinor: i.totalMinor,
    issuedAt: i.issuedAt ? i.issuedAt.toISOString() : null,
    openHolds: i.holds,
    createdAt: i.createdAt.toISOString(),
    updatedAt: i.updatedAt.toISOString(),
  };
  if (holds) {
    view.holds = holds.map((h) => ({
      reason: h.reason,
      detail: h.detail,
      placedBy: h.placedBy,
      placedAt: h.placedAt.toISOString(),
      releasedBy: h.releasedBy,
      releasedAt: h.releasedAt ? h.releasedAt.toISOString() : null,
    }));
  }
  return view;
}
