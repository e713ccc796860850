import {
  createEventMeta,
  derivedId,
  type EventType,
  type EventTypeMap,
  type InvoiceHoldReason,
} from '@logisync/canonical-events';
import type { OutboxEntry } from '@logisync/event-runtime';
import type { CalculatedInvoice, HoldReason } from '../domain';

const producer = 'billing-service';

/**
 * InvoiceHoldReason v1 has no CUSTOMS_HOLD or DELIVERY_FAILED symbol: a customs hold goes out
 * as UNKNOWN and a failed delivery as NOT_DELIVERED, each with the domain reason leading the
 * detail ("CUSTOMS_HOLD: ...").
 */
export const wireHoldReason: Record<HoldReason, InvoiceHoldReason> = {
  CUSTOMS_HOLD: 'UNKNOWN',
  DELIVERY_FAILED: 'NOT_DELIVERED',
  MANUAL: 'MANUAL',
};

export interface EventOrigin {
  orderId: string;
  causationId: string | null;
  tenant: string;
  region: string;
}

function meta(eventType: EventType, o: EventOrigin) {
  return createEventMeta({
    eventType,
    producer,
    correlationId: o.orderId,
    causationId: o.causationId,
    tenant: o.tenant,
    region: o.region,
  });
}

function entry<T extends EventType>(eventType: T, event: EventTypeMap[T]): OutboxEntry {
  return { eventType, event } as OutboxEntry;
}

export function invoiceHeld(
  o: EventOrigin,
  invoiceId: string | null,
  reason: HoldReason,
  detail: string | null,
): OutboxEntry {
  return entry('InvoiceHeld', {
    meta: meta('InvoiceHeld', o),
    orderId: o.orderId,
    invoiceId,
    reason: wireHoldReason[reason],
    detail: detail ? `${reason}: ${detail}` : reason,
  });
}

export function invoiceReleased(
  o: EventOrigin,
  invoiceId: string | null,
  reason: HoldReason,
  releasedBy: string,
): OutboxEntry {
  return entry('InvoiceReleased', {
    meta: meta('InvoiceReleased', o),
    orderId: o.orderId,
    invoiceId,
    reason: wireHoldReason[reason],
    releasedBy,
  });
}

export function invoiceIssued(
  o: EventOrigin,
  invoiceId: string,
  invoiceNumber: string,
  invoice: CalculatedInvoice,
  issuedAt: Date,
): OutboxEntry {
  return entry('InvoiceIssued', {
    meta: meta('InvoiceIssued', o),
    orderId: o.orderId,
    invoiceId,
    invoiceNumber,
    lines: invoice.lines.map((l) => ({
      lineNo: l.lineNo,
      sku: l.sku,
      quantity: l.quantity,
      unitPriceMinor: l.unitPrice.amountMinor,
      amountMinor: l.amount.amountMinor,
    })),
    subtotalMinor: invoice.subtotal.amountMinor,
    freightMinor: invoice.freight.amountMinor,
    taxMinor: invoice.tax.amountMinor,
    totalMinor: invoice.total.amountMinor,
    currency: invoice.currency,
    issuedAt,
  });
}

/**
 * ExceptionRaised of billing; `code` leads the details (the enum has no billing types yet). Its
 * id is derived from the cause, so the replay of that cause raises the same exception.
 */
export function exceptionRaised(
  o: EventOrigin,
  code: string,
  details: string,
  now: Date,
): OutboxEntry {
  return entry('ExceptionRaised', {
    meta: meta('ExceptionRaised', o),
    orderId: o.orderId,
    exceptionId: o.causationId ? derivedId(o.causationId, 'exception', code) : crypto.randomUUID(),
    type: 'OTHER',
    severity: 'HIGH',
    owner: 'billing-ops',
    slaDueAt: new Date(now.getTime() + 24 * 3_600_000),
    details: `${code}: ${details}`,
    sourceService: producer,
  });
}
