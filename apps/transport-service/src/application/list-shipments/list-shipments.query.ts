import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TypeOrmShipmentRepository } from '../../infrastructure/shipment.repository';
import { toShipmentView } from '../shipment.view';

/** The status lookup: the shipments of an order (one, unless replanned), newest first. */
@Injectable()
export class ListShipmentsQuery {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(TypeOrmShipmentRepository) private readonly shipments: TypeOrmShipmentRepository,
  ) {}

  async execute(orderId?: string) {
    const rows = await this.shipments.listByOrder(this.dataSource.manager, orderId);
    return { items: rows.map(toShipmentView) };
  }
}
