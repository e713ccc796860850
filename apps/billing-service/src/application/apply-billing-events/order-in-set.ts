import {
  handleBillingFact,
  openHolds,
  type BillingCase,
  type BillingFact,
  type CalculatedInvoice,
  type HoldReason,
  type TaxTable,
} from '../../domain';
import { PrerequisiteMissingError, type OutboxEntry } from '@logisync/event-runtime';
import type { InvoiceEntity } from '../../infrastructure/billing.entities';
import type { FreightChargeRow } from '../../infrastructure/freight-charge.repository';
import type { HoldRow } from '../../infrastructure/invoice.repository';
import {
  completeAdopted,
  holdOf,
  issuedFields,
  newInvoice,
  statusOf,
  type FactOrigin,
} from '../billing-case-invoice';
import {
  exceptionRaised,
  invoiceHeld,
  invoiceIssued,
  invoiceReleased,
  type EventOrigin,
} from '../billing-event.factory';

/** One event of a set as a billing fact, with where it came from. */
export interface FactInSet {
  fact: BillingFact;
  origin: FactOrigin;
  traceparent?: string;
}

/** An invoice a fact of the set issues; it gets its number once the set's are allocated. */
export interface Issuance {
  eventId: string;
  invoice: InvoiceEntity;
  deliveredAt: number;
}

/** What the whole set shares while its orders fold: its rules, its time and what it causes. */
export interface SetFold {
  taxes: TaxTable;
  now: Date;
  events: PendingEvent[];
  issuances: Issuance[];
}

/**
 * An event to publish, built once the set's invoice numbers are known (an InvoiceIssued, or
 * an ExceptionRaised naming an invoice issued earlier in the same set, carries one).
 */
export type PendingEvent = () => OutboxEntry;

/**
 * What a set knows of one order while it folds the order's facts in set order: the case, the
 * invoice row, the hold history rows and the freight charge as they stand after each fact, as
 * the per-fact path would have left them in the database.
 */
export class OrderInSet {
  freight: FreightChargeRow | null = null;
  invoiceChanged = false;

  constructor(
    public state: BillingCase,
    public invoice: InvoiceEntity | null,
    /** Standing rows loaded, then every row the set placed, in the order placed. */
    readonly holds: HoldRow[],
  ) {}

  /**
   * Records and decides one fact (pure domain) and carries the decision out in memory; the
   * events it causes go to the set's `events`, an invoice to issue to its `issuances`. Throws what the
   * domain throws (BillingError) and PrerequisiteMissingError for a fact that needs the order
   * data first; the caller names the event with it.
   */
  apply({ fact, origin, traceparent }: FactInSet, set: SetFold): void {
    const { taxes, now, events, issuances } = set;
    const { state, decision } = handleBillingFact(this.state, fact, taxes);
    if (decision.kind === 'WAIT_FOR_ORDER') {
      throw new PrerequisiteMissingError('OrderReleased', fact.orderId);
    }
    this.state = state;
    if (
      fact.type === 'FreightCostConfirmed' &&
      origin.freight &&
      state.freight?.eventId === fact.eventId
    ) {
      this.freight = {
        orderId: fact.orderId,
        eventId: fact.eventId,
        ...origin.freight,
        amountMinor: state.freight.amount.amountMinor,
        currency: state.freight.amount.currency,
        confirmedAt: new Date(state.freight.occurredAt),
      };
    }
    const o: EventOrigin = {
      orderId: fact.orderId,
      causationId: origin.causationId,
      tenant: origin.tenant,
      region: state.order?.region ?? origin.region,
    };
    if (!this.invoice && state.order) {
      this.invoice = newInvoice(fact.orderId, state, origin.tenant, now);
    }
    if (this.invoice) completeAdopted(this.invoice, state);
    const invoice = this.invoice;
    const reason = holdOf[fact.type];
    const details: Partial<Record<HoldReason, string>> =
      reason && origin.detail ? { [reason]: origin.detail } : {};
    if (invoice) this.syncHolds(openHolds(state), details, origin.by, now);
    const detailOf = (r: HoldReason) =>
      this.holds.filter((h) => h.reason === r).at(-1)?.detail ?? details[r] ?? null;
    const emit = (event: PendingEvent) => events.push(() => ({ ...event(), traceparent }));

    switch (decision.kind) {
      case 'HOLD':
        for (const r of decision.reasons) {
          const detail = detailOf(r);
          emit(() => invoiceHeld(o, invoice?.id ?? null, r, detail));
        }
        break;
      case 'RELEASE_AND_ISSUE':
      case 'ISSUE': {
        if (!invoice) throw new Error(`order ${fact.orderId} is invoiced without its order data`);
        if (decision.kind === 'RELEASE_AND_ISSUE') {
          for (const r of decision.released)
            emit(() => invoiceReleased(o, invoice.id, r, origin.by));
        }
        const calc: CalculatedInvoice = decision.invoice;
        Object.assign(invoice, issuedFields(calc, now));
        issuances.push({
          eventId: fact.eventId,
          invoice,
          deliveredAt: Math.max(...state.deliveries.map((d) => d.at)),
        });
        emit(() => invoiceIssued(o, invoice.id, invoice.invoiceNumber!, calc, now));
        break;
      }
      case 'NOTHING':
        if (decision.why === 'CANCELLED_AFTER_ISSUE' && fact.type === 'OrderCancelled') {
          emit(() =>
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
      this.invoiceChanged = true;
    }
  }

  /** Standing rows loaded that the set released. */
  released(): HoldRow[] {
    return this.holds.filter((h) => h.id !== null && h.releasedAt !== null);
  }

  /** Rows the set placed. */
  placed(): HoldRow[] {
    return this.holds.filter((h) => h.id === null);
  }

  /**
   * The hold history follows the holds that stand now: a newly open reason gets a row, a
   * reason no longer open has its row released.
   */
  private syncHolds(
    open: readonly HoldReason[],
    detail: Partial<Record<HoldReason, string>>,
    by: string,
    now: Date,
  ): void {
    const standing = this.holds.filter((h) => h.releasedAt === null);
    for (const row of standing) {
      if (!open.includes(row.reason)) Object.assign(row, { releasedAt: now, releasedBy: by });
    }
    for (const reason of open) {
      if (!standing.some((h) => h.reason === reason)) {
        this.holds.push({
          id: null,
          orderId: this.state.orderId,
          reason,
          detail: detail[reason] ?? null,
          placedBy: by,
          placedAt: now,
          releasedBy: null,
          releasedAt: null,
        });
      }
    }
  }
}
