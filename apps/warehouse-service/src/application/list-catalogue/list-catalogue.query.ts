import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SkuEntity, WarehouseEntity } from '../../infrastructure/catalogue.entities';
import { toSkuView } from '../create-sku/create-sku.handler';
import { toWarehouseView } from '../create-warehouse/create-warehouse.handler';

@Injectable()
export class ListCatalogueQuery {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async warehouses() {
    const rows = await this.dataSource.manager.find(WarehouseEntity, { order: { id: 'ASC' } });
    return { items: rows.map(toWarehouseView) };
  }

  async skus() {
    const rows = await this.dataSource.manager.find(SkuEntity, {
      order: { sku: 'ASC' },
      take: 1000,
    });
    return { items: rows.map(toSkuView) };
  }
}
