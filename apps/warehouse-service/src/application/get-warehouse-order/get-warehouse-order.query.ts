import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../domain';
import { TypeOrmShipmentRepository } from '../../infrastructure/shipment.repository';
import { TypeOrmWarehouseOrderRepository } from '../../infrastructure/warehouse-order.repository';
import { toWarehouseOrderView } from '../warehouse-order.view';

@Injectable()
export class GetWarehouseOrderQuery {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(TypeOrmWarehouseOrderRepository)
    private readonly orders: TypeOrmWarehouseOrderRepository,
    @Inject(TypeOrmShipmentRepository) private readonly shipments: TypeOrmShipmentRepository,
  ) {}

  async order(orderId: string) {
    const order = await this.orders.find(this.dataSource.manager, orderId);
    if (!order) throw new NotFoundError('ORDER', orderId);
    return toWarehouseOrderView(order);
  }

  async shipment(shipmentId: string) {
    const row = await this.shipments.find(this.dataSource.manager, shipmentId);
    if (!row) throw new NotFoundError('SHIPMENT', shipmentId);
    return row;
  }
}
