import { Inject, Injectable } from '@nestjs/common';
import { OutboxWriter } from '@logisync/event-runtime';
import { CommandRead, CommandWrite, sqlParam, STALE, untilWritten } from '@logisync/http-kit';
import { NotFoundError, packOrder, type Package } from '../../domain';
import { TypeOrmCatalogueRepository } from '../../infrastructure/catalogue.repository';
import { UnitOfWork } from '../../infrastructure/unit-of-work';
import { TypeOrmWarehouseOrderRepository } from '../../infrastructure/warehouse-order.repository';
import { orderPacked } from '../warehouse-event.factory';
import {
  floorWorkOf,
  toWarehouseOrderView,
  type WarehouseOrderView,
} from '../warehouse-order.view';

/**
 * OrderPacked with every package's weight and dimensions; the packages hold exactly what was
 * picked. Two round trips: the SKUs and the order in one read; the order and its event in one
 * write that changes nothing when the order changed since the read (then it reads again).
 */
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
    const db = this.uow.statements;
    const skus = packages.flatMap((p) => p.lines.map((l) => l.sku));
    return untilWritten(async () => {
      const found = await new CommandRead()
        .add('unknownSkus', (p) => this.catalogue.unknownSkusSql(p, skus))
        .add('order', (p) => this.orders.documentSql(sqlParam(p, orderId)))
        .run<{ unknownSkus: string[]; order: unknown }>(db);
      this.catalogue.assertNoneUnknown(found.unknownSkus);
      const current = this.orders.restore(found.order);
      if (!current) throw new NotFoundError('ORDER', orderId);
      const work = floorWorkOf(current.order);
      const next = packOrder(work, packages);
      if (next === work) return toWarehouseOrderView(current.order);
      const packed = { ...current.order, work: next };
      const write = new CommandWrite();
      write.with(
        this.orders.guardedUpdateSql(write.params, current, packed),
        await this.outbox.insertSql(write.params, [orderPacked(packed)], 'order_written'),
      );
      const applied = await write.run(db, 'EXISTS (SELECT FROM order_written)');
      return applied ? toWarehouseOrderView(packed) : STALE;
    });
  }
}
