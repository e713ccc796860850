import { EventRuntimeTables1764115200000 } from './event-runtime-tables.migration';
import { OutboxMessageEntity } from './outbox-message.entity';
import { ParkedEventEntity } from './parked-event.entity';
import { ProcessedEventEntity } from './processed-event.entity';

export {
  EventRuntimeTables1764115200000,
  OutboxMessageEntity,
  ParkedEventEntity,
  ProcessedEventEntity,
};

/** Add these to a service's DataSource: its own entities and migrations come beside them. */
export const eventRuntimeEntities = [OutboxMessageEntity, ProcessedEventEntity, ParkedEventEntity];
export const eventRuntimeMigrations = [EventRuntimeTables1764115200000];
