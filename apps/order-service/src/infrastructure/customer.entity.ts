import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './column-types';

@Entity('customer')
export class CustomerEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') name!: string;
  @Column('text') region!: string;
  @Column('bigint', { name: 'credit_limit_minor', transformer: bigintAsNumber })
  creditLimitMinor!: number;
  @Column('char', { length: 3 }) currency!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
