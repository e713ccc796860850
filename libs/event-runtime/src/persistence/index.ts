import { ConsumerInboxView1796688000000 } from './consumer-inbox-view.migration';
import { EventRuntimeTables1764115200000 } from './event-runtime-tables.migration';
import { OutboxDeletedOnSend1796601600000 } from './outbox-deleted-on-send.migration';
import { OutboxMessageEntity } from './outbox-message.entity';
import { OwnTopicPositions1796688200000 } from './own-topic-positions.migration';
import { ParkedEventEntity } from './parked-event.entity';
import { ProcessedEventRetention1796601700000 } from './processed-event-retention.migration';
import { ProcessedEventEntity } from './processed-event.entity';

export {
  ConsumerInboxView1796688000000,
  EventRuntimeTables1764115200000,
  OutboxDeletedOnSend1796601600000,
  OutboxMessageEntity,
  OwnTopicPositions1796688200000,
  ParkedEventEntity,
  ProcessedEventEntity,
  ProcessedEventRetention1796601700000,
};

/** Add these to a service's DataSource: its own entities and migrations come beside them. */
export const eventRuntimeEntities = [OutboxMessageEntity, ProcessedEventEntity, ParkedEventEntity];
/** In the order they run; a schema change is a new class appended here, never an edit. */
export const eventRuntimeMigrations = [
  EventRuntimeTables1764115200000,
  OutboxDeletedOnSend1796601600000,
  ProcessedEventRetention1796601700000,
  ConsumerInboxView1796688000000,
  OwnTopicPositions1796688200000,
];
