import { eventRuntimeMigrations } from '@logisync/event-runtime';
import { OrderTables1764201600000 } from './1764201600000-order-tables.migration';

/** The runtime's tables (outbox, inbox, parking) first, then this service's own. */
export const orderServiceMigrations = [...eventRuntimeMigrations, OrderTables1764201600000];
