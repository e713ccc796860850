import { Inject, Injectable } from '@nestjs/common';
import { OutboxWriter } from '@logisync/event-runtime';
import { CommandRead, CommandWrite, sqlParam, STALE, untilWritten } from '@logisync/http-kit';
import { NotFoundError, pickOrder, type PickedLine } from '../../domain';
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

/**
 * OrderPicked; fewer units than allocated is a short pick: accepted, with a SHORT_PICK exception.
 * Two round trips: the SKUs and the order in one read; the order, the exception and the events
 * in one write that changes nothing when the order changed since the read (then it reads again).
 */
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
    const db = this.uow.statements;
    return untilWritten(async () => {
      const read = new CommandRead()
        .add('unknownSkus', (p) =>
          this.catalogue.unknownSkusSql(
            p,
            lines.map((l) => l.sku),
          ),
        )
        .add('order', (p) => this.orders.documentSql(sqlParam(p, orderId)));
      const found = await read.run<{ unknownSkus: string[]; order: unknown }>(db);
      this.catalogue.assertNoneUnknown(found.unknownSkus);
      const current = this.orders.restore(found.order);
      if (!current) throw new NotFoundError('ORDER', orderId);
      const result = pickOrder(floorWorkOf(current.order), lines);
      if (!result.applied) return toWarehouseOrderView(current.order);
      const picked = { ...current.order, work: result.work };
      const write = new CommandWrite();
      const entries = [orderPicked(picked)];
      write.with(this.orders.guardedUpdateSql(write.params, current, picked));
      if (result.exception) {
        const short = result.exception.lines
          .map((l) => `${l.sku} ${l.quantityPicked}/${l.quantityAllocated}`)
          .join(', ');
        const details = `short pick in ${result.exception.warehouseId} (${short}); count the locations`;
        const raised = this.exceptions.raiseSql(
          write.params,
          'order_written',
          picked,
          'SHORT_PICK',
          details,
        );
        write.with(raised.member);
        entries.push(raised.entry);
      }
      write.with(await this.outbox.insertSql(write.params, entries, 'order_written'));
      const applied = await write.run(db, 'EXISTS (SELECT FROM order_written)');
      return applied ? toWarehouseOrderView(picked) : STALE;
    });
  }
}
