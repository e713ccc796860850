import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('warehouse')
export class WarehouseEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text') name!: string;
  @Column('text') region!: string;
  @Column('char', { length: 2 }) country!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

@Entity('sku')
export class SkuEntity {
  @PrimaryColumn('text') sku!: string;
  @Column('text') description!: string;
  @Column('integer', { name: 'weight_grams' }) weightGrams!: number;
  @Column('integer', { name: 'length_mm' }) lengthMm!: number;
  @Column('integer', { name: 'width_mm' }) widthMm!: number;
  @Column('integer', { name: 'height_mm' }) heightMm!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
