import { eventRuntimeMigrations } from '@logisync/event-runtime';
import { BillingTables1764288000000 } from './1764288000000-billing-tables.migration';

/** The runtime's tables (outbox, inbox, parking) first, then this service's own. */
export const billingServiceMigrations = [...eventRuntimeMigrations, BillingTables1764288000000];
