import { Inject, Injectable } from '@nestjs/common';
import type { StoredResponse } from '@logisync/http-kit';
import { randomUUID } from 'node:crypto';
import { InvoiceRepository } from '../../infrastructure/invoice.repository';
import { UnitOfWork } from '../../infrastructure/unit-of-work';
import { ApplyBillingFactHandler } from '../apply-billing-fact/apply-billing-fact.handler';
import { applyManual, invoiceOrThrow } from '../hold-invoice/hold-invoice.handler';
import { idempotent } from '@logisync/http-kit';
import { toInvoiceView } from '../invoice.view';

/**
 * Releases the operator's hold; when nothing else holds the delivered order, InvoiceReleased
 * and InvoiceIssued follow in the same transaction.
 */
@Injectable()
export class ReleaseInvoiceHandler {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(InvoiceRepository) private readonly invoices: InvoiceRepository,
    @Inject(ApplyBillingFactHandler) private readonly apply: ApplyBillingFactHandler,
  ) {}

  execute(
    id: string,
    reason: string,
    by: string,
    idempotencyKey?: string,
  ): Promise<StoredResponse> {
    return this.uow.run((tx) =>
      idempotent(tx, `POST /v1/invoices/${id}/release`, idempotencyKey, { reason }, async () => {
        const invoice = await invoiceOrThrow(this.invoices, tx, id);
        const applied = await applyManual(invoice, () =>
          this.apply.execute(
            tx,
            {
              type: 'ManualHoldReleased',
              eventId: randomUUID(),
              orderId: invoice.orderId,
              note: reason,
              by,
            },
            { causationId: null, tenant: invoice.tenant, region: invoice.region, by },
          ),
        );
        const holds = await this.invoices.holdsOf(tx, invoice.orderId);
        return { status: 200, body: toInvoiceView(applied.invoice ?? invoice, holds) };
      }),
    );
  }
}
