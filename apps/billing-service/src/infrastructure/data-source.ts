import { DataSource } from 'typeorm';
import { billingServiceMigrations } from '../migrations';
import {
  BillingCaseEntity,
  FreightChargeEntity,
  InvoiceEntity,
  InvoiceHoldEntity,
  ReconciliationRunEntity,
} from './billing.entities';

export const billingServiceEntities = [
  BillingCaseEntity,
  InvoiceEntity,
  FreightChargeEntity,
  InvoiceHoldEntity,
  ReconciliationRunEntity,
];

/** Migrations run at startup; the schema is never synchronized from the entities. */
export async function openBillingDataSource(
  databaseUrl: string,
  poolSize = 10,
): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'postgres',
    url: databaseUrl,
    entities: billingServiceEntities,
    migrations: billingServiceMigrations,
    migrationsRun: true,
    synchronize: false,
    extra: { max: poolSize },
  });
  return dataSource.initialize();
}
