import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { HoldReason } from '../domain';
import { InvoiceEntity, InvoiceHoldEntity } from './billing.entities';

@Injectable()
export class InvoiceRepository {
  findByOrder(tx: EntityManager, orderId: string): Promise<InvoiceEntity | null> {
    return tx.findOne(InvoiceEntity, { where: { orderId } });
  }

  findById(tx: EntityManager, id: string): Promise<InvoiceEntity | null> {
    return tx.findOne(InvoiceEntity, { where: { id } });
  }

  async insert(tx: EntityManager, invoice: InvoiceEntity): Promise<void> {
    await tx.insert(InvoiceEntity, invoice);
  }

  async save(tx: EntityManager, invoice: InvoiceEntity): Promise<void> {
    const { id, ...rest } = invoice;
    await tx.update(InvoiceEntity, { id }, rest);
  }

  holdsOf(tx: EntityManager, orderId: string): Promise<InvoiceHoldEntity[]> {
    return tx.find(InvoiceHoldEntity, { where: { orderId }, order: { id: 'ASC' } });
  }

  /**
   * Makes the hold history follow the holds that stand now: a newly open reason gets a row,
   * a reason no longer open has its row released.
   */
  async syncHolds(
    tx: EntityManager,
    orderId: string,
    open: readonly HoldReason[],
    detail: Partial<Record<HoldReason, string>>,
    by: string,
    now: Date,
  ): Promise<InvoiceHoldEntity[]> {
    const rows = await this.holdsOf(tx, orderId);
    const standing = rows.filter((r) => r.releasedAt === null);
    for (const row of standing) {
      if (!open.includes(row.reason as HoldReason)) {
        await tx.update(InvoiceHoldEntity, { id: row.id }, { releasedAt: now, releasedBy: by });
      }
    }
    for (const reason of open) {
      if (!standing.some((r) => r.reason === reason)) {
        await tx.insert(InvoiceHoldEntity, {
          orderId,
          reason,
          detail: detail[reason] ?? null,
          placedBy: by,
          placedAt: now,
        });
      }
    }
    return this.holdsOf(tx, orderId);
  }
}
