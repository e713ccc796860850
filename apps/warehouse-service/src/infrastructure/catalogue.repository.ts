import { Injectable } from '@nestjs/common';
import { sqlParam } from '@logisync/http-kit';
import { In, type EntityManager } from 'typeorm';
import { UnknownReferenceError, type Warehouse } from '../domain';
import { SkuEntity, WarehouseEntity } from './catalogue.entities';

/** Warehouses and SKUs: what a command may name. */
@Injectable()
export class TypeOrmCatalogueRepository {
  async warehouses(tx: EntityManager): Promise<Warehouse[]> {
    const rows = await tx.find(WarehouseEntity, { order: { id: 'ASC' } });
    return rows.map(({ id, region }) => ({ id, region }));
  }

  /** A part of an event set's read: every warehouse, as a JSON array in id order. */
  warehousesSql(): string {
    return `(SELECT coalesce(json_agg(json_build_object('id', id, 'region', region) ORDER BY id),
      '[]'::json) FROM warehouse)`;
  }

  async assertWarehouseKnown(tx: EntityManager, warehouseId: string): Promise<void> {
    if (!(await tx.exists(WarehouseEntity, { where: { id: warehouseId } }))) {
      throw new UnknownReferenceError('WAREHOUSE', [warehouseId]);
    }
  }

  async unknownSkus(tx: EntityManager, skus: readonly string[]): Promise<string[]> {
    const wanted = [...new Set(skus)];
    const rows = await tx.find(SkuEntity, { where: { sku: In(wanted) }, select: { sku: true } });
    const known = new Set(rows.map((r) => r.sku));
    return wanted.filter((s) => !known.has(s)).sort();
  }

  /** A part of a command's read: which of `skus` are unknown, as a JSON array (unsorted). */
  unknownSkusSql(params: unknown[], skus: readonly string[]): string {
    return `(SELECT coalesce(json_agg(s), '[]'::json)
      FROM unnest(${sqlParam(params, [...new Set(skus)])}::text[]) s
      WHERE NOT EXISTS (SELECT FROM sku k WHERE k.sku = s))`;
  }

  /** What unknownSkusSql read, as assertSkusKnown answers it. */
  assertNoneUnknown(unknown: string[]): void {
    if (unknown.length > 0) throw new UnknownReferenceError('SKU', [...unknown].sort());
  }

  async assertSkusKnown(tx: EntityManager, skus: readonly string[]): Promise<void> {
    const unknown = await this.unknownSkus(tx, skus);
    if (unknown.length > 0) throw new UnknownReferenceError('SKU', unknown);
  }
}
