import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReconciliationRunEntity } from '../../infrastructure/billing.entities';
import { decodeCursor, encodeCursor } from '../cursor';
import {
  toRunView,
  type ReconciliationRunView,
} from '../run-reconciliation/run-reconciliation.handler';

/** Runs newest first, with their reports; the cursor is the last (startedAt, id) seen. */
@Injectable()
export class ListReconciliationRunsQuery {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async execute(filter: {
    cursor?: string;
    limit: number;
  }): Promise<{ items: ReconciliationRunView[]; nextCursor: string | null }> {
    const q = this.dataSource.manager.createQueryBuilder(ReconciliationRunEntity, 'r');
    if (filter.cursor) {
      const before = decodeCursor(filter.cursor);
      q.andWhere('(r.started_at, r.id) < (:at, :id)', { at: before.at, id: before.id });
    }
    const rows = await q
      .orderBy('r.started_at', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .take(filter.limit + 1)
      .getMany();
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toRunView),
      nextCursor:
        rows.length > filter.limit && last
          ? encodeCursor({ at: last.startedAt, id: last.id })
          : null,
    };
  }
}
