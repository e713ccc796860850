import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../domain/order.errors';
import { TypeOrmOrderRepository } from '../../infrastructure/order.repository';
import { toOrderView, type OrderView } from '../order.view';

@Injectable()
export class GetOrderQuery {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(TypeOrmOrderRepository) private readonly orders: TypeOrmOrderRepository,
  ) {}

  async execute(orderId: string): Promise<OrderView> {
    const order = await this.orders.find(this.dataSource.manager, orderId);
    if (!order) throw new NotFoundError('ORDER', orderId);
    return toOrderView(order);
  }
}
