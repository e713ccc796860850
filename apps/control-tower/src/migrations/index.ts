import { eventRuntimeMigrations } from '@logisync/event-runtime';
import { ReadModel1764374400000 } from './1764374400000-read-model.migration';

/** The runtime's tables (inbox, parking; the outbox stays empty) first, then the read model. */
export const controlTowerMigrations = [...eventRuntimeMigrations, ReadModel1764374400000];
