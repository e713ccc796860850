import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './column-types';

@Entity('carrier')
export class CarrierEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text') name!: string;
  @Column('text', { array: true }) modes!: string[];
  @Column('text', { name: 'webhook_secret' }) webhookSecret!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

@Entity('lane')
export class LaneEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { name: 'origin_region' }) originRegion!: string;
  @Column('char', { name: 'destination_country', length: 2 }) destinationCountry!: string;
  @Column('text', { name: 'carrier_id' }) carrierId!: string;
  @Column('integer') priority!: number;
  @Column('bigint', { name: 'rate_per_kg_minor', transformer: bigintAsNumber })
  ratePerKgMinor!: number;
  @Column('char', { length: 3 }) currency!: string;
  @Column('integer', { name: 'transit_days' }) transitDays!: number;
  @Column('integer', { name: 'tender_timeout_seconds' }) tenderTimeoutSeconds!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
