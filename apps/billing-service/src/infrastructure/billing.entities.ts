import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { bigintAsNumber } from './column-types';

@Entity('billing_case')
export class BillingCaseEntity {
  @PrimaryColumn({ name: 'order_id', type: 'text' }) orderId!: string;
  @Column({ type: 'jsonb' }) state!: unknown;
  @Column({ name: 'has_order', type: 'boolean' }) hasOrder!: boolean;
  @Column({ type: 'boolean' }) delivered!: boolean;
  @Column({ type: 'boolean' }) cancelled!: boolean;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

export interface StoredInvoiceLine {
  lineNo: number;
  sku: string;
  quantity: number;
  unitPriceMinor: number;
  amountMinor: number;
}

@Entity('invoice')
export class InvoiceEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'order_id', type: 'text' }) orderId!: string;
  @Column({ name: 'customer_id', type: 'text' }) customerId!: string;
  @Column({ type: 'text' }) tenant!: string;
  @Column({ type: 'text' }) region!: string;
  @Column({ type: 'char', length: 3 }) currency!: string;
  @Column({ type: 'text' }) status!: string;
  @Column({ type: 'text', array: true }) holds!: string[];
  @Column({ name: 'invoice_number', type: 'text', nullable: true }) invoiceNumber!: string | null;
  @Column({ type: 'jsonb', nullable: true }) lines!: StoredInvoiceLine[] | null;
  @Column({ name: 'subtotal_minor', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  subtotalMinor!: number | null;
  @Column({ name: 'freight_minor', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  freightMinor!: number | null;
  @Column({ name: 'tax_rate_bp', type: 'integer', nullable: true }) taxRateBp!: number | null;
  @Column({ name: 'tax_minor', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  taxMinor!: number | null;
  @Column({ name: 'total_minor', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  totalMinor!: number | null;
  @Column({ name: 'issued_at', type: 'timestamptz', nullable: true }) issuedAt!: Date | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

@Entity('freight_charge')
export class FreightChargeEntity {
  @PrimaryColumn({ name: 'order_id', type: 'text' }) orderId!: string;
  @Column({ name: 'event_id', type: 'uuid' }) eventId!: string;
  @Column({ name: 'shipment_id', type: 'text' }) shipmentId!: string;
  @Column({ name: 'carrier_id', type: 'text' }) carrierId!: string;
  @Column({ name: 'amount_minor', type: 'bigint', transformer: bigintAsNumber })
  amountMinor!: number;
  @Column({ type: 'char', length: 3 }) currency!: string;
  @Column({ name: 'confirmed_at', type: 'timestamptz' }) confirmedAt!: Date;
}

@Entity('invoice_hold')
export class InvoiceHoldEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'order_id', type: 'text' }) orderId!: string;
  @Column({ type: 'text' }) reason!: string;
  @Column({ type: 'text', nullable: true }) detail!: string | null;
  @Column({ name: 'placed_by', type: 'text' }) placedBy!: string;
  @Column({ name: 'placed_at', type: 'timestamptz' }) placedAt!: Date;
  @Column({ name: 'released_by', type: 'text', nullable: true }) releasedBy!: string | null;
  @Column({ name: 'released_at', type: 'timestamptz', nullable: true }) releasedAt!: Date | null;
}

@Entity('reconciliation_run')
export class ReconciliationRunEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) trigger!: string;
  @Column({ type: 'timestamptz', nullable: true }) slot!: Date | null;
  @Column({ type: 'text' }) status!: string;
  @Column({ name: 'started_at', type: 'timestamptz' }) startedAt!: Date;
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true }) finishedAt!: Date | null;
  @Column({ name: 'mismatch_count', type: 'integer', nullable: true })
  mismatchCount!: number | null;
  @Column({ type: 'jsonb', nullable: true }) report!: unknown;
}
