import { Inject, Injectable } from '@nestjs/common';
import { OutboxWriter } from '@logisync/event-runtime';
import { pickOrder, type PickedLine } from '../../domain';
import { TypeOrmCatalogueRepository } from '../../infrastructure/catalogue.repository';
import { UnitOfWork } from '../../infrastructure/unit-of-work';
import { TypeOrmWarehouseOrderRepository } from '../../infrastructure/warehouse-order.repository';
import { orderPicked } from '../warehouse-event.factory';
import { WarehouseExceptions } from '../warehouse-exceptions';
import {
  floorWorkOf,
  toWarehouseOrderView,
  type WarehouseOrderView,
} from '../warehouse-order.view';

/** OrderPicked; fewer units than allocated is a short pick: accepted, with a SHORT_PICK exception. */
@Injectable()
export class PickOrderHandler {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(TypeOrmWarehouseOrderRepository)
    private readonly orders: TypeOrmWarehouseOrderRepository,
    @Inject(TypeOrmCatalogueRepository) private readonly catalogue: TypeOrmCatalogueRepository,
    @Inject(WarehouseExceptions) private readonly exceptions: WarehouseExceptions,
    @Inject(OutboxWriter) private readonly outbox: OutboxWriter,
  ) {}

  execute(orderId: string, lines: PickedLine[]): Promise<WarehouseOrderView> {
    return this.uow.run(async (tx) => {
      await this.catalogue.assertSkusKnown(
        tx,
        lines.map((l) => l.sku),
      );
      const order = await this.orders.getForUpdate(tx, orderId);
      const result = pickOrder(floorWorkOf(order), lines);
      if (!result.applied) return toWarehouseOrderView(order);
      const picked = { ...order, work: result.work };
      await this.orders.save(tx, picked);
      const entries = [orderPicked(picked)];
      if (result.exception) {
        const short = result.exception.lines
          .map((l) => `${l.sku} ${l.quantityPicked}/${l.quantityAllocated}`)
          .join(', ');
        const details = `short pick in ${result.exception.warehouseId} (${short}); count the locations`;
        entries.push(await this.exceptions.raise(tx, picked, 'SHORT_PICK', details, null));
      }
      await this.outbox.addAll(tx, entries);
      return toWarehouseOrderView(picked);
    });
  }
}
