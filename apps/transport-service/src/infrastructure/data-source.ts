import { DataSource } from 'typeorm';
import { transportServiceMigrations } from '../migrations';
import { CarrierEntity, LaneEntity } from './carrier.entities';
import { OrderDestinationEntity, ShipmentEntity } from './shipment.entities';

export const transportServiceEntities = [
  CarrierEntity,
  LaneEntity,
  OrderDestinationEntity,
  ShipmentEntity,
];

/** Migrations run at startup; the schema is never synchronized from the entities. */
export async function openTransportDataSource(databaseUrl: string): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'postgres',
    url: databaseUrl,
    entities: transportServiceEntities,
    migrations: transportServiceMigrations,
    migrationsRun: true,
    synchronize: false,
    extra: { max: 10 },
  });
  return dataSource.initialize();
}
