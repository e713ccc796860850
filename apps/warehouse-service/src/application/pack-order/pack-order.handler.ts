import { Inject, Injectable } from '@nestjs/common';
import { OutboxWriter } from '@logisync/event-runtime';
import { packOrder, type Package } from '../../domain';
import { TypeOrmCatalogueRepository } from '../../infrastructure/catalogue.repository';
import { UnitOfWork } from '../../infrastructure/unit-of-work';
import { TypeOrmWarehouseOrderRepository } from '../../infrastructure/warehouse-order.repository';
import { orderPacked } from '../warehouse-event.factory';
import {
  floorWorkOf,
  toWarehouseOrderView,
  type WarehouseOrderView,
} from '../warehouse-order.view';

/** OrderPacked with every package's weight and dimensions; the packages hold exactly what was picked. */
@Injectable()
export class PackOrderHandler {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(TypeOrmWarehouseOrderRepository)
    private readonly orders: TypeOrmWarehouseOrderRepository,
    @Inject(TypeOrmCatalogueRepository) private readonly catalogue: TypeOrmCatalogueRepository,
    @Inject(OutboxWriter) private readonly outbox: OutboxWriter,
  ) {}

  execute(orderId: string, packages: Package[]): Promise<WarehouseOrderView> {
    return this.uow.run(async (tx) => {
      await this.catalogue.assertSkusKnown(
        tx,
        packages.flatMap((p) => p.lines.map((l) => l.sku)),
      );
      const order = await this.orders.getForUpdate(tx, orderId);
      const work = floorWorkOf(order);
      const next = packOrder(work, packages);
      if (next === work) return toWarehouseOrderView(order);
      const packed = { ...order, work: next };
      await this.orders.save(tx, packed);
      await this.outbox.add(tx, orderPacked(packed));
      return toWarehouseOrderView(packed);
    });
  }
}
