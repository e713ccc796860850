import { Inject, Injectable } from '@nestjs/common';
import { OutboxWriter, type OutboxEntry } from '@logisync/event-runtime';
import type { StoredResponse } from '@logisync/http-kit';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { BillingSettings } from '../../config';
import {
  Money,
  openHolds,
  reconcileBilling,
  type DeliveredOrder,
  type IssuedInvoiceRecord,
  type ReconciliationReport,
  type TaxTable,
} from '../../domain';
import { InvoiceEntity, ReconciliationRunEntity } from '../../infrastructure/billing.entities';
import { BillingCaseRepository } from '../../infrastructure/billing-case.repository';
import { UnitOfWork } from '../../infrastructure/unit-of-work';
import { exceptionRaised } from '../billing-event.factory';
import { idempotent } from '@logisync/http-kit';
import { BILLING_SETTINGS, taxTableOf } from '../billing-settings';

export type RunTrigger = 'MANUAL' | 'SCHEDULED';

export interface ReconciliationRunView {
  id: string;
  trigger: string;
  slot: string | null;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  mismatchCount: number | null;
  report: unknown;
}

export function toRunView(r: ReconciliationRunEntity): ReconciliationRunView {
  return {
    id: r.id,
    trigger: r.trigger,
    slot: r.slot ? r.slot.toISOString() : null,
    status: r.status,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt ? r.finishedAt.toISOString() : null,
    mismatchCount: r.mismatchCount,
    report: r.report,
  };
}

export const mismatchCode = 'RECONCILIATION_MISMATCH';

/**
 * invariant 2 of docs/architecture.md over the whole billing state: every delivered order (not cancelled, not held)
 * has exactly one issued invoice, no issued invoice lacks a delivery, totals equal lines plus
 * freight plus tax. Each mismatch raises ExceptionRaised with its details; the report is stored.
 * A scheduled run owns its slot (unique), so two instances never run the same slot twice.
 */
@Injectable()
export class RunReconciliationHandler {
  private readonly taxes: TaxTable;

  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(BillingCaseRepository) private readonly cases: BillingCaseRepository,
    @Inject(OutboxWriter) private readonly outbox: OutboxWriter,
    @Inject(BILLING_SETTINGS) settings: BillingSettings,
  ) {
    this.taxes = taxTableOf(settings);
  }

  /** The stored run, or null when another instance already ran (or runs) this slot. */
  execute(trigger: RunTrigger, slot: Date | null = null): Promise<ReconciliationRunView | null> {
    return this.uow.run((tx) => this.runIn(tx, trigger, slot));
  }

  /** POST /v1/reconciliation/runs: run now; an Idempotency-Key gives the first run again. */
  runNow(idempotencyKey?: string): Promise<StoredResponse> {
    return this.uow.run((tx) =>
      idempotent(tx, 'POST /v1/reconciliation/runs', idempotencyKey, {}, async () => ({
        status: 201,
        body: await this.runIn(tx, 'MANUAL', null),
      })),
    );
  }

  private async runIn(
    tx: EntityManager,
    trigger: RunTrigger,
    slot: Date | null,
  ): Promise<ReconciliationRunView | null> {
    const run = Object.assign(new ReconciliationRunEntity(), {
      id: randomUUID(),
      trigger,
      slot,
      status: 'RUNNING',
      startedAt: new Date(),
      finishedAt: null,
      mismatchCount: null,
      report: null,
    });
    const claimed: unknown[] = await tx.query(
      `INSERT INTO reconciliation_run (id, trigger, slot, status, started_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (slot) DO NOTHING RETURNING id`,
      [run.id, run.trigger, run.slot, run.status, run.startedAt],
    );
    if (claimed.length === 0) return null;
    const report = await this.reconcile(tx);
    const now = new Date();
    await this.outbox.addAll(tx, await this.exceptionsOf(tx, report, run.id, now));
    Object.assign(run, {
      status: 'COMPLETED',
      finishedAt: now,
      mismatchCount: report.mismatchCount,
      report: JSON.parse(JSON.stringify(report)),
    });
    await tx.query(
      `UPDATE reconciliation_run SET status = $2, finished_at = $3, mismatch_count = $4,
         report = $5 WHERE id = $1`,
      [run.id, run.status, run.finishedAt, run.mismatchCount, JSON.stringify(run.report)],
    );
    return toRunView(run);
  }

  private async reconcile(tx: EntityManager): Promise<ReconciliationReport> {
    const delivered: DeliveredOrder[] = (await this.cases.delivered(tx))
      // A held order is rightly not invoiced yet; its hold is reported by InvoiceHeld.
      .filter((c) => c.order && openHolds(c).length === 0)
      .map((c) => ({
        orderId: c.orderId,
        currency: c.order!.currency,
        region: c.order!.region,
        lines: c.order!.lines,
        freight: c.freight?.amount ?? null,
      }));
    const issued = await tx.find(InvoiceEntity, {
      where: { status: 'ISSUED' },
      order: { orderId: 'ASC' },
    });
    const invoices: IssuedInvoiceRecord[] = issued.map((i) => {
      const m = (minor: number | null) => Money.of(minor ?? 0, i.currency);
      return {
        orderId: i.orderId,
        invoiceNumber: i.invoiceNumber ?? '',
        lines: (i.lines ?? []).map((l) => ({
          quantity: l.quantity,
          unitPrice: m(l.unitPriceMinor),
          amount: m(l.amountMinor),
        })),
        subtotal: m(i.subtotalMinor),
        freight: m(i.freightMinor),
        tax: m(i.taxMinor),
        total: m(i.totalMinor),
      };
    });
    return reconcileBilling(delivered, invoices, this.taxes);
  }

  private async exceptionsOf(
    tx: EntityManager,
    report: ReconciliationReport,
    runId: string,
    now: Date,
  ): Promise<OutboxEntry[]> {
    const found: [string, string, object][] = [
      ...report.deliveredNotInvoiced.map((orderId): [string, string, object] => [
        orderId,
        'DELIVERED_NOT_INVOICED',
        {},
      ]),
      ...report.invoicedNotDelivered.map((m): [string, string, object] => [
        m.orderId,
        'INVOICED_NOT_DELIVERED',
        m,
      ]),
      ...report.duplicateInvoices.map((m): [string, string, object] => [
        m.orderId,
        'DUPLICATE_INVOICES',
        m,
      ]),
      ...report.totalMismatches.map((m): [string, string, object] => [
        m.orderId,
        m.problem,
        {
          invoiceNumber: m.invoiceNumber,
          invoicedTotalMinor: m.invoicedTotal.amountMinor,
          expectedTotalMinor: m.expectedTotal?.amountMinor ?? null,
        },
      ]),
    ];
    const entries: OutboxEntry[] = [];
    for (const [orderId, kind, details] of found) {
      const invoice = await tx.findOne(InvoiceEntity, { where: { orderId } });
      const origin = {
        orderId,
        causationId: null,
        tenant: invoice?.tenant ?? 'default',
        region: invoice?.region ?? 'global',
      };
      const text = JSON.stringify({ kind, runId, orderId, ...details });
      entries.push(exceptionRaised(origin, mismatchCode, text, now));
    }
    return entries;
  }
}
