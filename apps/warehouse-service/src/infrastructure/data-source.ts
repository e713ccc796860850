import { DataSource } from 'typeorm';
import { warehouseServiceMigrations } from '../migrations';
import { SkuEntity, WarehouseEntity } from './catalogue.entities';
import { InventoryPositionEntity, InventoryReceiptEntity } from './inventory.entities';
import {
  ShipmentEntity,
  WarehouseExceptionEntity,
  WarehouseOrderEntity,
} from './warehouse-order.entities';

export const warehouseServiceEntities = [
  WarehouseEntity,
  SkuEntity,
  InventoryPositionEntity,
  InventoryReceiptEntity,
  WarehouseOrderEntity,
  ShipmentEntity,
  WarehouseExceptionEntity,
];

/** Migrations run at startup; the schema is never synchronized from the entities. */
export async function openWarehouseDataSource(databaseUrl: string): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'postgres',
    url: databaseUrl,
    entities: warehouseServiceEntities,
    migrations: warehouseServiceMigrations,
    migrationsRun: true,
    synchronize: false,
    extra: { max: 10 },
  });
  return dataSource.initialize();
}
