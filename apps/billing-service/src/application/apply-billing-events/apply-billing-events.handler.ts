import { Inject, Injectable } from '@nestjs/common';
import {
  EventInSetError,
  forEventInSet,
  NonRetriableError,
  OutboxWriter,
  PrerequisiteMissingError,
} from '@logisync/event-runtime';
import type { EntityManager } from 'typeorm';
import type { BillingSettings } from '../../config';
import { invoiceYearOf, isBillingError, nextInvoiceNumber, type TaxTable } from '../../domain';
import { BillingMetrics } from '../../infrastructure/billing.metrics';
import { BillingCaseRepository } from '../../infrastructure/billing-case.repository';
import { FreightChargeRepository } from '../../infrastructure/freight-charge.repository';
import { InvoiceNumberAllocator } from '../../infrastructure/invoice-number.allocator';
import { InvoiceRepository } from '../../infrastructure/invoice.repository';
import { BILLING_SETTINGS, taxTableOf } from '../billing-settings';
import { OrderInSet, type FactInSet, type Issuance, type SetFold } from './order-in-set';

/**
 * Applies a transaction's billing facts as one set: every order's case locked and its invoice
 * and standing holds loaded with one statement per table, each order's facts folded in set
 * order with the domain's rules, then each table written once, the set's invoice numbers
 * reserved with one counter update, and every event it causes written with one outbox insert.
 * A fact the rules reject (dead letter) or that needs the order data first (parked until
 * OrderReleased, unless that comes later in the same set) is named for its event, before
 * anything is written: the runtime rolls back, judges that event and applies the rest again
 * without it.
 */
@Injectable()
export class ApplyBillingEventsHandler {
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

  async execute(tx: EntityManager, facts: readonly FactInSet[]): Promise<void> {
    if (facts.length === 0) return;
    const now = new Date();
    const orders = await this.load(tx, [...new Set(facts.map((f) => f.fact.orderId))]);
    const set: SetFold = { taxes: this.taxes, now, events: [], issuances: [] };
    const { events, issuances } = set;
    const apply = (item: FactInSet) =>
      forEventInSet(item.fact.eventId, () =>
        rejected(() => orders.get(item.fact.orderId)!.apply(item, set)),
      );
    const lastRelease = new Map(
      facts.flatMap((f, i) => (f.fact.type === 'OrderReleased' ? [[f.fact.orderId, i]] : [])),
    );
    const waiting = new Map<string, FactInSet[]>();
    for (const [index, item] of facts.entries()) {
      const { orderId } = item.fact;
      try {
        await apply(item);
      } catch (error) {
        // Waiting for an OrderReleased later in this set: applied right after it, as the
        // runtime would unpark it there, without parking it and running the set again.
        const releasedLater = (lastRelease.get(orderId) ?? -1) > index;
        if (!(releasedLater && error instanceof EventInSetError && isWaiting(error))) throw error;
        waiting.set(orderId, [...(waiting.get(orderId) ?? []), item]);
        continue;
      }
      if (item.fact.type === 'OrderReleased') {
        for (const deferred of waiting.get(orderId) ?? []) await apply(deferred);
        waiting.delete(orderId);
      }
    }
    const all = [...orders.values()];
    await this.cases.saveAll(
      tx,
      all.map((o) => o.state),
      now,
    );
    await this.freight.upsertAll(
      tx,
      all.flatMap((o) => (o.freight ? [o.freight] : [])),
    );
    // The serialization point of issuing: taken as late as possible, held until commit.
    await this.number(tx, issuances, now);
    await this.invoices.upsertAll(
      tx,
      all.flatMap((o) => (o.invoice && o.invoiceChanged ? [o.invoice] : [])),
    );
    await this.invoices.writeHolds(
      tx,
      all.flatMap((o) => o.released()),
      all.flatMap((o) => o.placed()),
    );
    await this.outbox.addAll(
      tx,
      events.map((event) => event()),
    );
    for (const { deliveredAt } of issuances) {
      this.metrics.deliveryToInvoiceSeconds.observe(
        { service: 'billing-service' },
        Math.max(0, (now.getTime() - deliveredAt) / 1000),
      );
    }
  }

  private async load(tx: EntityManager, orderIds: string[]): Promise<Map<string, OrderInSet>> {
    const cases = await this.cases.lockAll(tx, orderIds);
    const invoices = await this.invoices.findWithStandingHolds(tx, orderIds);
    return new Map(
      orderIds.map((id) => {
        const found = invoices.get(id);
        return [id, new OrderInSet(cases.get(id)!, found?.invoice ?? null, found?.standing ?? [])];
      }),
    );
  }

  /**
   * Gapless numbers for the set's invoices in set order, from one counter update: a set
   * rolled back gives them all back with it.
   */
  private async number(tx: EntityManager, issuances: Issuance[], now: Date): Promise<void> {
    if (issuances.length === 0) return;
    const { invoiceSeries: series } = this.settings;
    const year = invoiceYearOf(now.getTime());
    let last = await this.numbers.take(tx, series, year, issuances.length);
    for (const { eventId, invoice } of issuances) {
      last = await forEventInSet(eventId, () =>
        rejected(() => nextInvoiceNumber(series, year, last)),
      );
      invoice.invoiceNumber = last;
    }
  }
}

function isWaiting(error: EventInSetError): boolean {
  return error.failure instanceof PrerequisiteMissingError;
}

/** A fact the billing rules reject can never apply: it goes to the dead letters. */
function rejected<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (isBillingError(error)) {
      throw new NonRetriableError(error.message, error.code, { cause: error });
    }
    throw error;
  }
}
