import { Inject, Injectable } from '@nestjs/common';
import type { StoredResponse } from '@logisync/http-kit';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { InvoiceRepository } from '../../infrastructure/invoice.repository';
import { UnitOfWork } from '../../infrastructure/unit-of-work';
import { ApplyBillingFactHandler } from '../apply-billing-fact/apply-billing-fact.handler';
import { ConflictError, NotFoundError } from '../application-errors';
import { isBillingError } from '../../domain';
import type { InvoiceEntity } from '../../infrastructure/billing.entities';
import type { AppliedFact } from '../apply-billing-fact/apply-billing-fact.handler';
import { idempotent } from '@logisync/http-kit';
import { toInvoiceView } from '../invoice.view';

export async function invoiceOrThrow(invoices: InvoiceRepository, tx: EntityManager, id: string) {
  const invoice = await invoices.findById(tx, id);
  if (!invoice)
    throw new NotFoundError('INVOICE.NOT_FOUND', `invoice ${id} does not exist`, { invoiceId: id });
  return invoice;
}

const conflicts = new Set([
  'BILLING.INVOICE_ALREADY_ISSUED',
  'BILLING.ORDER_CANCELLED',
  'BILLING.NOT_HELD',
]);

/** A manual hold or release the invoice's state refuses is a 409 naming that state. */
export async function applyManual(
  invoice: InvoiceEntity,
  work: () => Promise<AppliedFact>,
): Promise<AppliedFact> {
  try {
    return await work();
  } catch (error) {
    if (isBillingError(error) && conflicts.has(error.code)) {
      throw new ConflictError(error.code, error.message, {
        invoiceId: invoice.id,
        currentStatus: invoice.status,
        openHolds: invoice.holds,
      });
    }
    throw error;
  }
}

/** An operator's hold: InvoiceHeld(MANUAL) once the order is delivered; never after issue. */
@Injectable()
export class HoldInvoiceHandler {
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
      idempotent(tx, `POST /v1/invoices/${id}/hold`, idempotencyKey, { reason }, async () => {
        const invoice = await invoiceOrThrow(this.invoices, tx, id);
        const applied = await applyManual(invoice, () =>
          this.apply.execute(
            tx,
            {
              type: 'ManualHoldPlaced',
              eventId: randomUUID(),
              orderId: invoice.orderId,
              note: reason,
              by,
            },
            {
              causationId: null,
              tenant: invoice.tenant,
              region: invoice.region,
              by,
              detail: reason,
            },
          ),
        );
        const holds = await this.invoices.holdsOf(tx, invoice.orderId);
        return { status: 200, body: toInvoiceView(applied.invoice ?? invoice, holds) };
      }),
    );
  }
}
