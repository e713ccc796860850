import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An event waiting for a prerequisite event (by type and key) to be applied first. */
@Entity({ name: 'parked_event' })
export class ParkedEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column('text')
  consumer!: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType!: string;

  @Column({ name: 'awaiting_event_type', type: 'text' })
  awaitingEventType!: string;

  @Column({ name: 'awaiting_key', type: 'text' })
  awaitingKey!: string;

  @Column('text')
  topic!: string;

  @Column('integer')
  partition!: number;

  @Column({ type: 'bigint' })
  offset!: string;

  @Column({ type: 'text', nullable: true })
  key!: string | null;

  @Column('jsonb')
  headers!: Record<string, string>;

  @Column('bytea')
  payload!: Buffer;

  @Column('text')
  reason!: string;

  @Column('integer')
  attempts!: number;

  @Column({ name: 'parked_at', type: 'timestamptz' })
  parkedAt!: Date;
}
