import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Address } from '@logisync/canonical-events';
import type { Shipment } from '../domain';
import { bigintAsNumber } from './column-types';

/** What OrderReleased told us: where the order goes, kept until OrderPacked plans it. */
@Entity('order_destination')
export class OrderDestinationEntity {
  @PrimaryColumn('text', { name: 'order_id' }) orderId!: string;
  @Column('text') region!: string;
  @Column('text') tenant!: string;
  @Column('jsonb', { name: 'ship_to' }) shipTo!: Address;
  @Column('uuid', { name: 'released_event_id' }) releasedEventId!: string;
  @Column('timestamptz', { name: 'cancelled_at', nullable: true }) cancelledAt!: Date | null;
  @Column('text', { name: 'cancel_reason', nullable: true }) cancelReason!: string | null;
}

/** The eventId this service published for a carrier report, so a retraction can name it. */
export interface PublishedMilestone {
  eventType: string;
  eventId: string;
}

/**
 * The shipment aggregate is stored whole in `state` (the domain's immutable Shipment is plain
 * JSON: ids, epoch-ms times, arrays); the columns beside it are what queries select on.
 */
@Entity('shipment')
export class ShipmentEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { name: 'order_id' }) orderId!: string;
  @Column('text') status!: string;
  @Column('text', { name: 'tracking_number', nullable: true }) trackingNumber!: string | null;
  @Column('timestamptz', { name: 'open_tender_expires_at', nullable: true })
  openTenderExpiresAt!: Date | null;
  @Column('text', { name: 'warehouse_id' }) warehouseId!: string;
  @Column('text') mode!: string;
  @Column('bigint', { name: 'total_volume_cm3', transformer: bigintAsNumber })
  totalVolumeCm3!: number;
  @Column('integer', { name: 'package_count' }) packageCount!: number;
  @Column('jsonb') destination!: Address;
  @Column('text') region!: string;
  @Column('text') tenant!: string;
  @Column('jsonb') state!: Shipment;
  @Column('jsonb') published!: Record<string, PublishedMilestone>;
  /** CarrierMilestoneReported eventId -> carrierEventId: a platform retracts by eventId. */
  @Column('jsonb', { name: 'reports_by_event_id' }) reportsByEventId!: Record<string, string>;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
  @Column('integer') version!: number;
}
