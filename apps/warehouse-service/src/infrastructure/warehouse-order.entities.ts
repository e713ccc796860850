import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Package, SkuQuantity } from '../domain';

export interface OrderLineRow {
  lineNo: number;
  sku: string;
  quantity: number;
}

/** One released order: waiting in the back-order queue, or its floor work once allocated. */
@Entity('warehouse_order')
export class WarehouseOrderEntity {
  @PrimaryColumn('uuid', { name: 'order_id' }) orderId!: string;
  @Column('text') tenant!: string;
  @Column('text') region!: string;
  @Column('text') priority!: string;
  @Column('jsonb') lines!: OrderLineRow[];
  @Column('text') status!: string;
  @Column('uuid', { name: 'allocation_id', nullable: true }) allocationId!: string | null;
  @Column('text', { name: 'warehouse_id', nullable: true }) warehouseId!: string | null;
  @Column('jsonb', { name: 'allocated_lines', nullable: true }) allocatedLines!:
    SkuQuantity[] | null;
  @Column('jsonb', { nullable: true }) picked!: SkuQuantity[] | null;
  @Column('boolean', { name: 'short_picked' }) shortPicked!: boolean;
  @Column('jsonb', { nullable: true }) packages!: Package[] | null;
  @Column('text', { name: 'shipment_id', nullable: true }) shipmentId!: string | null;
  @Column('text', { name: 'carrier_id', nullable: true }) carrierId!: string | null;
  @Column('text', { name: 'tracking_number', nullable: true }) trackingNumber!: string | null;
  @Column('text', { name: 'cancel_reason', nullable: true }) cancelReason!: string | null;
  @Column('timestamptz', { name: 'backordered_at', nullable: true }) backorderedAt!: Date | null;
  @Column('integer', { name: 'skipped_passes' }) skippedPasses!: number;
  @Column('integer', { name: 'held_passes' }) heldPasses!: number;
  @Column('timestamptz', { name: 'released_at' }) releasedAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}

@Entity('shipment')
export class ShipmentEntity {
  @PrimaryColumn('text', { name: 'shipment_id' }) shipmentId!: string;
  @Column('uuid', { name: 'order_id' }) orderId!: string;
  /** PLANNED, TENDER_ACCEPTED, WITHDRAWN or LOADED. */
  @Column('text') status!: string;
  @Column('text', { name: 'carrier_id', nullable: true }) carrierId!: string | null;
  @Column('text', { name: 'tracking_number', nullable: true }) trackingNumber!: string | null;
  @Column('timestamptz', { name: 'pickup_start_at', nullable: true }) pickupStartAt!: Date | null;
  @Column('timestamptz', { name: 'pickup_end_at', nullable: true }) pickupEndAt!: Date | null;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}

@Entity('warehouse_exception')
export class WarehouseExceptionEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'order_id' }) orderId!: string;
  /** STOCK_SHORTAGE or SHORT_PICK. */
  @Column('text') type!: string;
  @Column('text') severity!: string;
  @Column('text') owner!: string;
  /** OPEN or RESOLVED. */
  @Column('text') status!: string;
  @Column('text') details!: string;
  @Column('timestamptz', { name: 'sla_due_at' }) slaDueAt!: Date;
  @Column('timestamptz', { name: 'raised_at' }) raisedAt!: Date;
  @Column('timestamptz', { name: 'resolved_at', nullable: true }) resolvedAt!: Date | null;
  @Column('text', { nullable: true }) resolution!: string | null;
}
