import { Injectable } from '@nestjs/common';
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
