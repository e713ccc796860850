import { eventRuntimeMigrations } from '@logisync/event-runtime';
import { TransportTables1764288000000 } from './1764288000000-transport-tables.migration';

/** The runtime's tables (outbox, inbox, parking) first, then this service's own. */
export const transportServiceMigrations = [...eventRuntimeMigrations, TransportTables1764288000000];
