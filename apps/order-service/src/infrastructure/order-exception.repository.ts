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

  /** The exceptions not yet resolved of these orders, by order, in one statement. */
  async openOfOrders(
    tx: EntityManager,
    orderIds: readonly string[],
  ): Promise<Map<string, OrderException[]>> {
    const open = new Map(orderIds.map((id) => [id, [] as OrderException[]]));
    if (orderIds.length === 0) return open;
    const rows: OrderExceptionState[] = await tx.query(
      `SELECT id, order_id AS "orderId", type, severity, owner, status, details,
         sla_due_at AS "slaDueAt", raised_at AS "raisedAt", acknowledged_at AS "acknowledgedAt",
         resolved_at AS "resolvedAt", resolution
       FROM order_exception WHERE order_id = ANY($1::uuid[]) AND status <> 'RESOLVED'`,
      [orderIds],
    );
    for (const row of rows) open.get(row.orderId)?.push(new OrderException(row));
    return open;
  }

  /** New and changed exceptions in one statement (the last state of each). */
  async saveAll(tx: EntityManager, exceptions: readonly OrderException[]): Promise<void> {
    if (exceptions.length === 0) return;
    const rows = new Map(exceptions.map((x) => [x.state.id, x.state]));
    await tx.query(
      `INSERT INTO order_exception (id, order_id, type, severity, owner, status, details,
         sla_due_at, raised_at, acknowledged_at, resolved_at, resolution)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, order_id uuid, type text,
         severity text, owner text, status text, details text, sla_due_at timestamptz,
         raised_at timestamptz, acknowledged_at timestamptz, resolved_at timestamptz,
         resolution text)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, details = excluded.details,
         acknowledged_at = excluded.acknowledged_at, resolved_at = excluded.resolved_at,
         resolution = excluded.resolution`,
      [
        JSON.stringify(
          [...rows.values()].map((s) => ({
            id: s.id,
            order_id: s.orderId,
            type: s.type,
            severity: s.severity,
            owner: s.owner,
            status: s.status,
            details: s.details,
            sla_due_at: s.slaDueAt,
            raised_at: s.raisedAt,
            acknowledged_at: s.acknowledgedAt,
            resolved_at: s.resolvedAt,
            resolution: s.resolution,
          })),
        ),
      ],
    );
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
