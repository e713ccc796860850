import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TypeOrmShipmentRepository } from '../../infrastructure/shipment.repository';
import { toShipmentView, type ShipmentView } from '../shipment.view';

@Injectable()
export class GetShipmentQuery {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(TypeOrmShipmentRepository) private readonly shipments: TypeOrmShipmentRepository,
  ) {}

  async execute(id: string): Promise<ShipmentView> {
    return toShipmentView(await this.shipments.get(this.dataSource.manager, id));
  }
}
