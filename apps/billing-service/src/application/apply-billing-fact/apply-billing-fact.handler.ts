import { Inject, Injectable } from '@nestjs/common';
import { OutboxWriter, PrerequisiteMissingError, type OutboxEntry } from '@logisync/event-runtime';
import type { EntityManager } from 'typeorm';
import type { BillingSettings } from '../../config';
import {
  handleBillingFact,
  invoiceYearOf,
  openHolds,
  type BillingCase,
  type BillingDecision,
  type BillingFact,
  type HoldReason,
  type TaxTable,
} from '../../domain';
import { InvoiceEntity } from '../../infrastructure/billing.entities';
import { BillingMetrics } from '../../infrastructure/billing.metrics';
import { BillingCaseRepository } from '../../infrastructure/billing-case.repository';
import { FreightChargeRepository } from '../../infrastructure/freight-charge.repository';
import { InvoiceNumberAllocator } from '../../infrastructure/invoice-number.allocator';
import { InvoiceRepository } from '../../infrastructure/invoice.repository';
import {
  exceptionRaised,
  invoiceHeld,
  invoiceIssued,
  invoiceReleased,
  type EventOrigin,
} from '../billing-event.factory';
import { BILLING_SETTINGS, taxTableOf } from '../billing-settings';
import {
  completeAdopted,
  holdOf,
  issuedFields,
  newInvoice,
  statusOf,
  type FactOrigin,
} from '../billing-case-invoice';

export { statusOf, type FactOrigin } from '../billing-case-invoice';

export interface AppliedFact {
  state: BillingCase;
  decision: BillingDecision;
  invoice: InvoiceEntity | null;
}

/**
 * One billing fact at a time (the API's manual holds and releases), inside the caller's
 * transaction: lock the order's case, record and decide (domain), then carry the decision out:
 * the invoice row, the hold history, the invoice number and the outbox, all in that transaction.
 * Events take the set path (apply-billing-events), which carries decisions out the same way
 * for a whole transaction's facts at once. A fact that needs the order data first throws
 * PrerequisiteMissingError.
 */
@Injectable()
export class ApplyBillingFactHandler {
  private readonly taxes: TaxTable;

  constructor(
    @Inject(BillingCaseRepository) private readonly cases: BillingCaseRepository,
    @Inject(InvoiceRepository) private readonly invoices: InvoiceRepository,
    @Inject(FreightChargeRepository) private readonly freight: FreightChargeRepository,
    @Inject(InvoiceNumberAllocator) private readonly numbers: InvoiceNumberAllocator,
    @Inject(OutboxWriter) private readonly outbox: OutboxWriter,
    @Inject(BILLING_SETTINGS) private readonly settings: BillingSettings,
    @Inject(BillingMetrics) private readonly metrics: BillingMetrics,
  ) {
    this.taxes = taxTableOf(settings);
  }

  async execute(tx: EntityManager, fact: BillingFact, origin: FactOrigin): Promise<AppliedFact> {
    const now = new Date();
    const before = await this.cases.getForUpdate(tx, fact.orderId);
    const { state, decision } = handleBillingFact(before, fact, this.taxes);
    if (decision.kind === 'WAIT_FOR_ORDER') {
      throw new PrerequisiteMissingError('OrderReleased', fact.orderId);
    }
    await this.cases.save(tx, state, now);
    if (
      fact.type === 'FreightCostConfirmed' &&
      origin.freight &&
      state.freight?.eventId === fact.eventId
    ) {
      await this.recordFreight(tx, fact.orderId, fact.eventId, state, origin.freight);
    }
    const region = state.order?.region ?? origin.region;
    const o: EventOrigin = {
      orderId: fact.orderId,
      causationId: origin.causationId,
      tenant: origin.tenant,
      region,
    };

    let invoice = await this.invoices.findByOrder(tx, fact.orderId);
    if (!invoice && state.order) {
      invoice = newInvoice(fact.orderId, state, origin.tenant, now);
      await this.invoices.insert(tx, invoice);
    }
    if (invoice) completeAdopted(invoice, state);
    const reason = holdOf[fact.type];
    const details: Partial<Record<HoldReason, string>> =
      reason && origin.detail ? { [reason]: origin.detail } : {};
    const holds = invoice
      ? await this.invoices.syncHolds(tx, fact.orderId, openHolds(state), details, origin.by, now)
      : [];
    const detailOf = (r: HoldReason) =>
      holds.filter((h) => h.reason === r).at(-1)?.detail ?? details[r] ?? null;

    const events: OutboxEntry[] = [];
    switch (decision.kind) {
      case 'HOLD':
        for (const r of decision.reasons)
          events.push(invoiceHeld(o, invoice?.id ?? null, r, detailOf(r)));
        break;
      case 'RELEASE_AND_ISSUE':
      case 'ISSUE': {
        if (!invoice) throw new Error(`order ${fact.orderId} is invoiced without its order data`);
        if (decision.kind === 'RELEASE_AND_ISSUE') {
          for (const r of decision.released)
            events.push(invoiceReleased(o, invoice.id, r, origin.by));
        }
        const number = await this.numbers.next(
          tx,
          this.settings.invoiceSeries,
          invoiceYearOf(now.getTime()),
        );
        const calc = decision.invoice;
        Object.assign(invoice, { invoiceNumber: number, ...issuedFields(calc, now) });
        events.push(invoiceIssued(o, invoice.id, number, calc, now));
        const deliveredAt = Math.max(...state.deliveries.map((d) => d.at));
        this.metrics.deliveryToInvoiceSeconds.observe(
          { service: 'billing-service' },
          Math.max(0, (now.getTime() - deliveredAt) / 1000),
        );
        break;
      }
      case 'NOTHING':
        if (decision.why === 'CANCELLED_AFTER_ISSUE' && fact.type === 'OrderCancelled') {
          events.push(
            exceptionRaised(
              o,
              'ORDER_CANCELLED_AFTER_INVOICE',
              `order ${fact.orderId} was cancelled after invoice ${invoice?.invoiceNumber} was issued`,
              now,
            ),
          );
        }
        break;
    }
    if (invoice) {
      invoice.status = statusOf(state);
      invoice.holds = openHolds(state);
      invoice.updatedAt = now;
      await this.invoices.save(tx, invoice);
    }
    await this.outbox.addAll(tx, events);
    return { state, decision, invoice };
  }

  private async recordFreight(
    tx: EntityManager,
    orderId: string,
    eventId: string,
    state: BillingCase,
    freight: { shipmentId: string; carrierId: string },
  ) {
    const charge = state.freight!;
    await this.freight.upsertAll(tx, [
      {
        orderId,
        eventId,
        ...freight,
        amountMinor: charge.amount.amountMinor,
        currency: charge.amount.currency,
        confirmedAt: new Date(charge.occurredAt),
      },
    ]);
  }
}
