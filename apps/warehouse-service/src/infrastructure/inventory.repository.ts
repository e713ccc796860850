import { Injectable } from '@nestjs/common';
import { sqlParam } from '@logisync/http-kit';
import type { EntityManager } from 'typeorm';
import { inventoryBookOf, type InventoryBook, type InventoryPosition } from '../domain';
import { InventoryPositionEntity } from './inventory.entities';

function toPosition(row: InventoryPositionEntity): InventoryPosition {
  const { warehouseId, sku, onHand, allocated, received, shipped } = row;
  return { warehouseId, sku, onHand, allocated, received, shipped };
}

function samePosition(a: InventoryPosition | undefined, b: InventoryPosition): boolean {
  return (
    !!a &&
    a.onHand === b.onHand &&
    a.allocated === b.allocated &&
    a.received === b.received &&
    a.shipped === b.shipped
  );
}

/**
 * Inventory positions as the domain's book. `lockBook` takes row locks in one global order
 * (warehouse, then SKU) so two transactions locking overlapping sets cannot deadlock.
 */
@Injectable()
export class TypeOrmInventoryRepository {
  async lockBook(
    tx: EntityManager,
    skus: readonly string[],
    warehouseId?: string,
  ): Promise<InventoryBook> {
    const q = tx
      .createQueryBuilder(InventoryPositionEntity, 'p')
      .where('p.sku = ANY(:skus)', { skus: [...new Set(skus)] })
      .orderBy('p.warehouse_id', 'ASC')
      .addOrderBy('p.sku', 'ASC')
      .setLock('pessimistic_write');
    if (warehouseId) q.andWhere('p.warehouse_id = :warehouseId', { warehouseId });
    return inventoryBookOf((await q.getMany()).map(toPosition));
  }

  /** Writes the positions that changed between `before` and `after`. */
  async saveBook(tx: EntityManager, before: InventoryBook, after: InventoryBook): Promise<void> {
    const changed = [...after.entries()]
      .filter(([key, p]) => !samePosition(before.get(key), p))
      .map(([, p]) => ({ ...p, updatedAt: new Date() }));
    if (changed.length === 0) return;
    await tx.upsert(InventoryPositionEntity, changed, ['warehouseId', 'sku']);
  }

  /**
   * A part of an event set's read: every position of `skus` and of the SKUs allocated to the
   * orders `cancelledOrderIds` (their allocations are released), in all warehouses, locked in the
   * global order, as a JSON array. The ids are uuids (uuidKeys).
   */
  lockedPositionsSql(
    params: unknown[],
    skus: readonly string[],
    cancelledOrderIds: readonly string[],
  ): string {
    return `(SELECT coalesce(json_agg(json_build_object('warehouseId', p.warehouse_id,
        'sku', p.sku, 'onHand', p.on_hand, 'allocated', p.allocated, 'received', p.received,
        'shipped', p.shipped)), '[]'::json)
      FROM (SELECT * FROM inventory_position
        WHERE sku = ANY(${sqlParam(params, [...new Set(skus)])}::text[])
          OR sku IN (SELECT l->>'sku' FROM warehouse_order w,
              jsonb_array_elements(w.allocated_lines) l
            WHERE w.order_id = ANY(${sqlParam(params, cancelledOrderIds)}::uuid[]))
        ORDER BY warehouse_id, sku FOR UPDATE) p)`;
  }

  /**
   * A WITH member `stock_written`: the positions that changed between `before` and `after`, as
   * values (the caller holds their locks), or null when none changed.
   */
  upsertSql(params: unknown[], before: InventoryBook, after: InventoryBook): string | null {
    const changed = [...after.entries()]
      .filter(([key, p]) => !samePosition(before.get(key), p))
      .map(([, p]) => ({
        warehouse_id: p.warehouseId,
        sku: p.sku,
        on_hand: p.onHand,
        allocated: p.allocated,
        received: p.received,
        shipped: p.shipped,
      }));
    if (changed.length === 0) return null;
    return `stock_written AS (
      INSERT INTO inventory_position (warehouse_id, sku, on_hand, allocated, received, shipped,
        updated_at)
      SELECT d.*, ${sqlParam(params, new Date())}::timestamptz
      FROM jsonb_to_recordset(${sqlParam(params, JSON.stringify(changed))}::jsonb)
        AS d(warehouse_id text, sku text, on_hand integer, allocated integer, received integer,
          shipped integer)
      ON CONFLICT (warehouse_id, sku) DO UPDATE SET on_hand = excluded.on_hand,
        allocated = excluded.allocated, received = excluded.received,
        shipped = excluded.shipped, updated_at = excluded.updated_at)`;
  }

  /**
   * A part of a command's read: the positions of the SKUs allocated to the order `orderIdSql`
   * gives, in its warehouse (the book lockBook would lock for it), as a JSON array.
   */
  allocatedPositionsSql(orderIdSql: string): string {
    return `(SELECT coalesce(json_agg(json_build_object('warehouseId', p.warehouse_id,
        'sku', p.sku, 'onHand', p.on_hand, 'allocated', p.allocated, 'received', p.received,
        'shipped', p.shipped)), '[]'::json)
      FROM warehouse_order w JOIN inventory_position p ON p.warehouse_id = w.warehouse_id
      WHERE w.order_id = ${orderIdSql}
        AND p.sku IN (SELECT l->>'sku' FROM jsonb_array_elements(w.allocated_lines) l))`;
  }

  /**
   * WITH members of a command's write moving the stock from `before` to `after` when `gate`
   * returned a row: as differences added to the rows, not the values read, so allocations of
   * other orders committed since the read are kept (an order's own units are its own: no
   * other order's change can make its goods issue wrong). The rows are locked in the global
   * order first, as lockBook does, so this cannot deadlock with an allocation.
   */
  movedSql(params: unknown[], before: InventoryBook, after: InventoryBook, gate: string): string[] {
    const deltas = [...after.entries()]
      .filter(([key, p]) => !samePosition(before.get(key), p))
      .map(([key, p]) => {
        const b = before.get(key);
        return {
          warehouse_id: p.warehouseId,
          sku: p.sku,
          on_hand: p.onHand - (b?.onHand ?? 0),
          allocated: p.allocated - (b?.allocated ?? 0),
          received: p.received - (b?.received ?? 0),
          shipped: p.shipped - (b?.shipped ?? 0),
        };
      });
    if (deltas.length === 0) return [];
    const moves = sqlParam(params, JSON.stringify(deltas));
    return [
      `stock_locked AS (
        SELECT p.warehouse_id, p.sku FROM inventory_position p
        WHERE (p.warehouse_id, p.sku) IN (
            SELECT d.warehouse_id, d.sku FROM jsonb_to_recordset(${moves}::jsonb)
              AS d(warehouse_id text, sku text))
          AND EXISTS (SELECT FROM ${gate})
        ORDER BY p.warehouse_id, p.sku FOR UPDATE)`,
      `stock_moved AS (
        UPDATE inventory_position p SET on_hand = p.on_hand + d.on_hand,
          allocated = p.allocated + d.allocated, received = p.received + d.received,
          shipped = p.shipped + d.shipped, updated_at = ${sqlParam(params, new Date())}
        FROM jsonb_to_recordset(${moves}::jsonb) AS d(warehouse_id text, sku text,
            on_hand integer, allocated integer, received integer, shipped integer),
          stock_locked l
        WHERE p.warehouse_id = d.warehouse_id AND p.sku = d.sku
          AND l.warehouse_id = p.warehouse_id AND l.sku = p.sku)`,
    ];
  }

  async list(tx: EntityManager, filter: { sku?: string; warehouseId?: string }) {
    const rows = await tx.find(InventoryPositionEntity, {
      where: {
        ...(filter.sku ? { sku: filter.sku } : {}),
        ...(filter.warehouseId ? { warehouseId: filter.warehouseId } : {}),
      },
      order: { warehouseId: 'ASC', sku: 'ASC' },
    });
    return rows.map(toPosition);
  }
}
