import type { InvoiceIssuedV1 } from '@logisync/canonical-events';
import type { SetEvent } from '@logisync/event-runtime';
import type { EntityManager } from 'typeorm';
import type { BillingSettings } from '../../config';
import { parseInvoiceNumber, type BillingCase, type TaxTable } from '../../domain';
import { BillingCaseRepository } from '../../infrastructure/billing-case.repository';
import { InvoiceNumberAllocator } from '../../infrastructure/invoice-number.allocator';
import { InvoiceRepository, type AdoptedInvoice } from '../../infrastructure/invoice.repository';
import { taxTableOf } from '../billing-settings';
import {
  ADOPTED_TYPES,
  adoptPublished,
  taxRateOf,
  type PublishedBillingEvent,
} from './published-event';

/**
 * Takes billing's own published events back into its state (own-topic recovery, at start,
 * in the transaction that records them as adopted): after a restore from a backup the topic
 * holds invoices the database no longer knows. Each InvoiceIssued becomes the invoice with its
 * id, number, lines and totals as published, its case marked as invoiced (so that the replay of
 * its inputs issues nothing) and the number counter raised to at least its sequence;
 * InvoiceHeld and InvoiceReleased become the case's announced holds (so the replay announces
 * nothing again). Exceptions need nothing: billing keeps none, and the replay of their cause
 * derives the same event id, which the relay drops as adopted.
 *
 * One statement per table for the set (the cases are locked and read with one, written with
 * another). Idempotent: recovery also adopts the relay's last batch on a plain restart, whose
 * effects the database already has.
 */
export class AdoptPublishedEventsHandler {
  private readonly taxes: TaxTable;

  constructor(
    settings: BillingSettings,
    private readonly cases = new BillingCaseRepository(),
    private readonly invoices = new InvoiceRepository(),
    private readonly numbers = new InvoiceNumberAllocator(),
  ) {
    this.taxes = taxTableOf(settings);
  }

  /** The runtime's `recovery.adopt`. */
  readonly adopt = async (
    events: readonly SetEvent<never>[],
    { tx }: { tx: EntityManager },
  ): Promise<void> => this.execute(tx, events as readonly SetEvent<unknown>[]);

  async execute(tx: EntityManager, events: readonly SetEvent<unknown>[]): Promise<void> {
    const published = events
      .filter((e) => ADOPTED_TYPES.has(e.envelope.eventType))
      .map((e) => ({ type: e.envelope.eventType, event: e.event }) as PublishedBillingEvent);
    if (published.length === 0) return;
    const now = new Date();
    const orderIds = [...new Set(published.map((p) => p.event.orderId))];
    const before = await this.cases.lockAll(tx, orderIds);
    const after = new Map(before);
    for (const p of published) {
      const orderId = p.event.orderId;
      after.set(orderId, adoptPublished(after.get(orderId)!, p, this.taxes));
    }
    await this.cases.saveAll(
      tx,
      orderIds.filter((id) => after.get(id) !== before.get(id)).map((id) => after.get(id)!),
      now,
    );
    const issued = published.flatMap((p) => (p.type === 'InvoiceIssued' ? [p.event] : []));
    await this.invoices.adoptIssued(
      tx,
      issued.map((e) => adoptedInvoice(e, after.get(e.orderId)!, this.taxes)),
    );
    await this.numbers.raiseTo(
      tx,
      issued.map((e) => parseInvoiceNumber(e.invoiceNumber)),
    );
  }
}

function adoptedInvoice(
  event: InvoiceIssuedV1,
  state: BillingCase,
  taxes: TaxTable,
): AdoptedInvoice {
  const issuedAt = new Date(event.issuedAt);
  return {
    id: event.invoiceId,
    orderId: event.orderId,
    // Empty until the replay of OrderReleased brings it, when the case does not know the order.
    customerId: state.order?.customerId ?? '',
    tenant: event.meta.tenant,
    region: event.meta.region,
    currency: event.currency,
    invoiceNumber: event.invoiceNumber,
    lines: event.lines.map((l) => ({
      lineNo: l.lineNo,
      sku: l.sku,
      quantity: l.quantity,
      unitPriceMinor: l.unitPriceMinor,
      amountMinor: l.amountMinor,
    })),
    subtotalMinor: event.subtotalMinor,
    freightMinor: event.freightMinor,
    taxRateBp: taxRateOf(event, taxes),
    taxMinor: event.taxMinor,
    totalMinor: event.totalMinor,
    issuedAt,
  };
}
