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

  /**
   * A part of an event set's read: the open exceptions of `orderIds`, oldest first, as a JSON
   * array (restoreAll). The ids are uuids (uuidKeys).
   */
  openOfSql(params: unknown[], orderIds: readonly string[]): string {
    return `(SELECT coalesce(json_agg(r ORDER BY r."raisedAt", r.id), '[]'::json) FROM (
      SELECT id, order_id AS "orderId", type, severity, owner, status, details,
        sla_due_at AS "slaDueAt", raised_at AS "raisedAt", resolved_at AS "resolvedAt",
        resolution
      FROM warehouse_exception
      WHERE order_id = ANY(${sqlParam(params, orderIds)}::uuid[]) AND status = 'OPEN') r)`;
  }

  restoreAll(documents: unknown): WarehouseExceptionEntity[] {
    const at = (value: Date | string | null) => (value === null ? null : new Date(value));
    return (documents as WarehouseExceptionEntity[]).map((row) => ({
      ...row,
      slaDueAt: at(row.slaDueAt)!,
      raisedAt: at(row.raisedAt)!,
      resolvedAt: at(row.resolvedAt),
    }));
  }

  /** A WITH member `exceptions_written`: exceptions raised or resolved, as they now stand. */
  upsertSql(params: unknown[], rows: readonly WarehouseExceptionEntity[]): string {
    const json = rows.map((r) => ({
      id: r.id,
      order_id: r.orderId,
      type: r.type,
      severity: r.severity,
      owner: r.owner,
      status: r.status,
      details: r.details,
      sla_due_at: r.slaDueAt,
      raised_at: r.raisedAt,
      resolved_at: r.resolvedAt,
      resolution: r.resolution,
    }));
    return `exceptions_written AS (
      INSERT INTO warehouse_exception (id, order_id, type, severity, owner, status, details,
        sla_due_at, raised_at, resolved_at, resolution)
      SELECT * FROM jsonb_to_recordset(${sqlParam(params, JSON.stringify(json))}::jsonb)
        AS e(id uuid, order_id uuid, type text, severity text, owner text, status text,
          details text, sla_due_at timestamptz, raised_at timestamptz, resolved_at timestamptz,
          resolution text)
      ON CONFLICT (id) DO UPDATE SET status = excluded.status,
        resolved_at = excluded.resolved_at, resolution = excluded.resolution)`;
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
