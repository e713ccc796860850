import { Injectable } from '@nestjs/common';
import { sqlParam } from '@logisync/http-kit';
import type { EntityManager } from 'typeorm';
import { NotFoundError } from '../domain';
import { WarehouseExceptionEntity } from './warehouse-order.entities';

@Injectable()
export class TypeOrmWarehouseExceptionRepository {
  async getForUpdate(tx: EntityManager, id: string): Promise<WarehouseExceptionEntity> {
    const row = await tx.findOne(WarehouseExceptionEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!row) throw new NotFoundError('EXCEPTION', id);
    return row;
  }

  async openOf(tx: EntityManager, orderId: string, type?: string) {
    const rows = await tx.find(WarehouseExceptionEntity, {
      where: { orderId, status: 'OPEN', ...(type ? { type } : {}) },
      order: { raisedAt: 'ASC' },
    });
    return rows;
  }

  async save(tx: EntityManager, row: WarehouseExceptionEntity): Promise<void> {
    await tx.save(WarehouseExceptionEntity, row);
  }

  /** A WITH member of a command's write: the new exception, inserted when `gate` returned a row. */
  insertSql(params: unknown[], row: WarehouseExceptionEntity, gate: string): string {
    const p = (value: unknown) => sqlParam(params, value);
    return `exception_raised AS (
      INSERT INTO warehouse_exception (id, order_id, type, severity, owner, status, details,
        sla_due_at, raised_at, resolved_at, resolution)
      SELECT ${p(row.id)}::uuid, ${p(row.orderId)}::uuid, ${p(row.type)}::text,
        ${p(row.severity)}::text, ${p(row.owner)}::text, ${p(row.status)}::text,
        ${p(row.details)}::text, ${p(row.slaDueAt)}::timestamptz, ${p(row.raisedAt)}::timestamptz,
        ${p(row.resolvedAt)}::timestamptz, ${p(row.resolution)}::text
      WHERE EXISTS (SELECT FROM ${gate}))`;
  }

  list(tx: EntityManager, filter: { status?: string; orderId?: string; type?: string }) {
    return tx.find(WarehouseExceptionEntity, {
      where: {
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.orderId ? { orderId: filter.orderId } : {}),
        ...(filter.type ? { type: filter.type } : {}),
      },
      order: { raisedAt: 'DESC' },
      take: 200,
    });
  }
}
