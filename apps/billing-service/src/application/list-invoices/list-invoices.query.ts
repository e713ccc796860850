import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InvoiceEntity } from '../../infrastructure/billing.entities';
import { decodeCursor, encodeCursor } from '../cursor';
import { toInvoiceView, type InvoiceView } from '../invoice.view';

export interface ListInvoicesFilter {
  orderId?: string;
  status?: string;
  cursor?: string;
  limit: number;
}

/** Invoices by creation time, oldest first; the cursor is the last (createdAt, id) seen. */
@Injectable()
export class ListInvoicesQuery {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async execute(
    filter: ListInvoicesFilter,
  ): Promise<{ items: InvoiceView[]; nextCursor: string | null }> {
    const q = this.dataSource.manager.createQueryBuilder(InvoiceEntity, 'i');
    if (filter.orderId) q.andWhere('i.order_id = :orderId', { orderId: filter.orderId });
    if (filter.status) q.andWhere('i.status = :status', { status: filter.status });
    if (filter.cursor) {
      const after = decodeCursor(filter.cursor);
      q.andWhere('(i.created_at, i.id) > (:afterAt, :afterId)', {
        afterAt: after.at,
        afterId: after.id,
      });
    }
    const rows = await q
      .orderBy('i.created_at', 'ASC')
      .addOrderBy('i.id', 'ASC')
      .take(filter.limit + 1)
      .getMany();
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((i) => toInvoiceView(i)),
      nextCursor:
        rows.length > filter.limit && last
          ? encodeCursor({ at: last.createdAt, id: last.id })
          : null,
    };
  }
}
