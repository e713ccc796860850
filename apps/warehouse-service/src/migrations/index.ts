import { eventRuntimeMigrations } from '@logisync/event-runtime';
import { WarehouseTables1764288000000 } from './1764288000000-warehouse-tables.migration';

/** The runtime's tables (outbox, inbox, parking) first, then this service's own. */
export const warehouseServiceMigrations = [...eventRuntimeMigrations, WarehouseTables1764288000000];
