import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SkuQuantity } from '../domain';

@Entity('inventory_position')
export class InventoryPositionEntity {
  @PrimaryColumn('text', { name: 'warehouse_id' }) warehouseId!: string;
  @PrimaryColumn('text') sku!: string;
  @Column('integer', { name: 'on_hand' }) onHand!: number;
  @Column('integer') allocated!: number;
  @Column('integer') received!: number;
  @Column('integer') shipped!: number;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}

@Entity('inventory_receipt')
export class InventoryReceiptEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { name: 'warehouse_id' }) warehouseId!: string;
  @Column('text') reference!: string;
  @Column('jsonb') lines!: SkuQuantity[];
  @Column('timestamptz', { name: 'received_at' }) receivedAt!: Date;
}
