import { DataSource } from 'typeorm';
import { controlTowerMigrations } from '../migrations';

/** No entities: the read model is plain SQL. Migrations run at startup, never synchronize. */
export async function openControlTowerDataSource(databaseUrl: string): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'postgres',
    url: databaseUrl,
    migrations: controlTowerMigrations,
    migrationsRun: true,
    synchronize: false,
    extra: { max: 10 },
  });
  return dataSource.initialize();
}
