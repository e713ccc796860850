import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OrderEntity } from '../../infrastructure/order.entities';
import { decodeCursor, encodeCursor } from './order-cursor';

export interface ListOrdersFilter {
  status?: string;
  customerId?: string;
  from?: Date;
  to?: Date;
  cursor?: string;
  limit: number;
}

/** Orders by creation time, oldest first; the cursor is the last (createdAt, id) seen. */
@Injectable()
export class ListOrdersQuery {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async execute(filter: ListOrdersFilter) {
    const q = this.dataSource.manager.createQueryBuilder(OrderEntity, 'o');
    if (filter.status) q.andWhere('o.status = :status', { status: filter.status });
    if (filter.customerId) q.andWhere('o.customer_id = :customerId', filter);
    if (filter.from) q.andWhere('o.created_at >= :from', filter);
    if (filter.to) q.andWhere('o.created_at < :to', filter);
    if (filter.cursor) {
      const after = decodeCursor(filter.cursor);
      q.andWhere('(o.created_at, o.id) > (:afterAt, :afterId)', {
        afterAt: after.createdAt,
        afterId: after.id,
      });
    }
    const rows = await q
      .orderBy('o.created_at', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .take(filter.limit + 1)
      .getMany();
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(({ id, customerId, status, totalMinor, currency, createdAt }) => ({
        id,
        customerId,
        status,
        totalMinor,
        currency,
        createdAt,
      })),
      nextCursor: rows.length > filter.limit && last ? encodeCursor(last) : null,
    };
  }
}
