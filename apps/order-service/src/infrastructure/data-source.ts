import { DataSource } from 'typeorm';
import { orderServiceMigrations } from '../migrations';
import { CustomerEntity } from './customer.entity';
import { OrderExceptionEntity } from './order-exception.entity';
import {
  OrderEntity,
  OrderHoldEntity,
  OrderLineEntity,
  TimelineEntryEntity,
} from './order.entities';

export const orderServiceEntities = [
  CustomerEntity,
  OrderEntity,
  OrderLineEntity,
  OrderHoldEntity,
  TimelineEntryEntity,
  OrderExceptionEntity,
];

/** Migrations run at startup; the schema is never synchronized from the entities. */
export async function openOrderDataSource(databaseUrl: string): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'postgres',
    url: databaseUrl,
    entities: orderServiceEntities,
    migrations: orderServiceMigrations,
    migrationsRun: true,
    synchronize: false,
    extra: { max: 10 },
  });
  return dataSource.initialize();
}
