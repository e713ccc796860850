import { eventRuntimeMigrations } from '@logisync/event-runtime';
import { ReadModel1764374400000 } from './1764374400000-read-model.migration';
import { EventTableIsInbox1796688100000 } from './1796688100000-event-table-is-inbox.migration';

/** The runtime's tables (inbox, parking; the outbox stays empty), then the read model. */
export const controlTowerMigrations = [
  ...eventRuntimeMigrations,
  ReadModel1764374400000,
  EventTableIsInbox1796688100000,
];
