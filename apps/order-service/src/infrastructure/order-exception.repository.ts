import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OrderException, type OrderExceptionState } from '../domain/order-exception';
import { NotFoundError } from '../domain/order.errors';
import { OrderExceptionEntity } from './order-exception.entity';

@Injectable()
export class TypeOrmOrderExceptionRepository {
  async getForUpdate(tx: EntityManager, id: string): Promise<OrderException> {
    const row = await tx.findOne(OrderExceptionEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!row) throw new NotFoundError('EXCEPTION', id);
    return new OrderException({ ...row } as OrderExceptionState);
  }

  async openOf(tx: EntityManager, orderId: string): Promise<OrderException[]> {
    const rows = await tx.find(OrderExceptionEntity, { where: { orderId } });
    return rows
      .filter((r) => r.status !== 'RESOLVED')
      .map((r) => new OrderException({ ...r } as OrderExceptionState));
  }

  async save(tx: EntityManager, exception: OrderException): Promise<void> {
    await tx.save(OrderExceptionEntity, { ...exception.state });
  }

  async list(tx: EntityManager, filter: { status?: string; orderId?: string }) {
    return tx.find(OrderExceptionEntity, {
      where: {
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.orderId ? { orderId: filter.orderId } : {}),
      },
      order: { raisedAt: 'DESC' },
      take: 200,
    });
  }
}
