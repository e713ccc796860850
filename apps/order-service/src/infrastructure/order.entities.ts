import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Address } from '../domain/order.types';
import { bigintAsNumber } from './column-types';

@Entity('customer_order')
export class OrderEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'customer_id' }) customerId!: string;
  @Column('text') channel!: string;
  @Column('char', { length: 3 }) currency!: string;
  @Column('bigint', { name: 'total_minor', transformer: bigintAsNumber }) totalMinor!: number;
  @Column('jsonb', { name: 'ship_to' }) shipTo!: Address;
  @Column('timestamptz', { name: 'requested_delivery_date' }) requestedDeliveryDate!: Date;
  @Column('text') priority!: string;
  @Column('text') region!: string;
  /** What the API shows (progress, ON_HOLD or CANCELLED), kept for filtering. */
  @Column('text') status!: string;
  @Column('text') progress!: string;
  @Column('text', { name: 'cancel_reason', nullable: true }) cancelReason!: string | null;
  @Column('text', { name: 'cancelled_by', nullable: true }) cancelledBy!: string | null;
  @Column('timestamptz', { name: 'cancelled_at', nullable: true }) cancelledAt!: Date | null;
  @Column('text', { name: 'invoice_id', nullable: true }) invoiceId!: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
  @Column('integer') version!: number;
}

@Entity('order_line')
export class OrderLineEntity {
  @PrimaryColumn('uuid', { name: 'order_id' }) orderId!: string;
  @PrimaryColumn('integer', { name: 'line_no' }) lineNo!: number;
  @Column('text') sku!: string;
  @Column('integer') quantity!: number;
  @Column('bigint', { name: 'unit_price_minor', transformer: bigintAsNumber })
  unitPriceMinor!: number;
  @Column('char', { length: 3 }) currency!: string;
}

@Entity('order_hold')
export class OrderHoldEntity {
  @PrimaryColumn('uuid', { name: 'order_id' }) orderId!: string;
  @PrimaryColumn('text') reason!: string;
  @Column('text', { nullable: true }) detail!: string | null;
  @Column('timestamptz', { name: 'raised_at' }) raisedAt!: Date;
  @Column('timestamptz', { name: 'cleared_at', nullable: true }) clearedAt!: Date | null;
}

/** One row per milestone received: the event id is the key, so each appears once. */
@Entity('order_timeline_entry')
export class TimelineEntryEntity {
  @PrimaryColumn('uuid', { name: 'event_id' }) eventId!: string;
  @Column('uuid', { name: 'order_id' }) orderId!: string;
  @Column('text', { name: 'event_type' }) eventType!: string;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt!: Date;
  @Column('text') producer!: string;
  @Column('timestamptz', { name: 'received_at' }) receivedAt!: Date;
}
