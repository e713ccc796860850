import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { availableOf } from '../../domain';
import { TypeOrmCatalogueRepository } from '../../infrastructure/catalogue.repository';
import { TypeOrmInventoryRepository } from '../../infrastructure/inventory.repository';

/** The API-led inventory check: on-hand, allocated and available per warehouse and SKU. */
@Injectable()
export class GetInventoryQuery {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(TypeOrmCatalogueRepository) private readonly catalogue: TypeOrmCatalogueRepository,
    @Inject(TypeOrmInventoryRepository) private readonly inventory: TypeOrmInventoryRepository,
  ) {}

  async execute(filter: { sku?: string; warehouseId?: string }) {
    const tx = this.dataSource.manager;
    if (filter.warehouseId) await this.catalogue.assertWarehouseKnown(tx, filter.warehouseId);
    if (filter.sku) await this.catalogue.assertSkusKnown(tx, [filter.sku]);
    const positions = await this.inventory.list(tx, filter);
    return {
      items: positions.map((p) => ({
        warehouseId: p.warehouseId,
        sku: p.sku,
        onHand: p.onHand,
        allocated: p.allocated,
        available: availableOf(p),
        received: p.received,
        shipped: p.shipped,
      })),
    };
  }
}
