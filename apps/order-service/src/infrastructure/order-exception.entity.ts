import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('order_exception')
export class OrderExceptionEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'order_id' }) orderId!: string;
  @Column('text') type!: string;
  @Column('text') severity!: string;
  @Column('text') owner!: string;
  @Column('text') status!: string;
  @Column('text') details!: string;
  @Column('timestamptz', { name: 'sla_due_at' }) slaDueAt!: Date;
  @Column('timestamptz', { name: 'raised_at' }) raisedAt!: Date;
  @Column('timestamptz', { name: 'acknowledged_at', nullable: true }) acknowledgedAt!: Date | null;
  @Column('timestamptz', { name: 'resolved_at', nullable: true }) resolvedAt!: Date | null;
  @Column('text', { nullable: true }) resolution!: string | null;
}
