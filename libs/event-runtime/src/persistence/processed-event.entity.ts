import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The inbox: one row per (consumer, event) that took effect or was dead-lettered. */
@Entity({ name: 'processed_event' })
export class ProcessedEventEntity {
  @PrimaryColumn('text')
  consumer!: string;

  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType!: string;

  @Column('text')
  topic!: string;

  @Column('integer')
  partition!: number;

  @Column({ type: 'bigint' })
  offset!: string;

  /** applied, or dead-lettered */
  @Column('text')
  outcome!: string;

  @Column({ name: 'processed_at', type: 'timestamptz', default: () => 'now()' })
  processedAt!: Date;
}
