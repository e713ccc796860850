import { Injectable } from '@nestjs/common';
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
