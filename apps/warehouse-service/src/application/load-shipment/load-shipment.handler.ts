import { Inject, Injectable } from '@nestjs/common';
import { OutboxWriter } from '@logisync/event-runtime';
import { CommandRead, CommandWrite, STALE, untilWritten } from '@logisync/http-kit';
import {
  InvalidStateError,
  inventoryBookOf,
  loadOrderAndIssueGoods,
  NotFoundError,
  recordTenderAccepted,
  type InventoryPosition,
} from '../../domain';
import { TypeOrmInventoryRepository } from '../../infrastructure/inventory.repository';
import { TypeOrmShipmentRepository } from '../../infrastructure/shipment.repository';
import { UnitOfWork } from '../../infrastructure/unit-of-work';
import { TypeOrmWarehouseOrderRepository } from '../../infrastructure/warehouse-order.repository';
import { shipmentLoaded } from '../warehouse-event.factory';
import {
  floorWorkOf,
  toWarehouseOrderView,
  type WarehouseOrderView,
} from '../warehouse-order.view';

/**
 * The goods issue: only a shipment whose tender was accepted, only a packed order. Picked units
 * leave on-hand (shipped), unpicked ones of a short pick are released; ShipmentLoaded carries
 * the packages, the carrier and the tracking number. Two round trips: the shipment, its order
 * and their stock in one read (all a refused load before acceptance costs: devices retry it);
 * the shipment, the order, the stock and the event in one write that changes nothing when the
 * shipment or the order changed since the read (then it reads again).
 */
@Injectable()
export class LoadShipmentHandler {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(TypeOrmShipmentRepository) private readonly shipments: TypeOrmShipmentRepository,
    @Inject(TypeOrmWarehouseOrderRepository)
    private readonly orders: TypeOrmWarehouseOrderRepository,
    @Inject(TypeOrmInventoryRepository) private readonly inventory: TypeOrmInventoryRepository,
    @Inject(OutboxWriter) private readonly outbox: OutboxWriter,
  ) {}

  execute(shipmentId: string): Promise<WarehouseOrderView> {
    const db = this.uow.statements;
    return untilWritten(async () => {
      const found = await new CommandRead()
        .add('shipment', (p) => this.shipments.documentSql(p, shipmentId))
        .add('order', (p) => this.orders.documentSql(this.shipments.orderIdSql(p, shipmentId)))
        .add('stock', (p) =>
          this.inventory.allocatedPositionsSql(this.shipments.orderIdSql(p, shipmentId)),
        )
        .run<{ shipment: unknown; order: unknown; stock: InventoryPosition[] }>(db);
      const read = this.shipments.restore(found.shipment);
      if (!read) throw new NotFoundError('SHIPMENT', shipmentId);
      const { shipment } = read;
      const current = this.orders.restore(found.order);
      if (!current) throw new NotFoundError('ORDER', shipment.orderId);
      const order = current.order;
      if (shipment.status === 'LOADED') return toWarehouseOrderView(order);
      if (shipment.status !== 'TENDER_ACCEPTED') {
        throw new InvalidStateError(
          'SHIPMENT.TENDER_NOT_ACCEPTED',
          `shipment ${shipmentId} is ${shipment.status}: no carrier has accepted its tender`,
          shipment.status,
          { shipmentId, orderId: shipment.orderId },
        );
      }
      const work = recordTenderAccepted(floorWorkOf(order), {
        shipmentId,
        carrier: shipment.carrierId!,
        trackingNumber: shipment.trackingNumber!,
      });
      const before = inventoryBookOf(found.stock);
      const change = loadOrderAndIssueGoods(before, work, shipmentId);
      const loaded = { ...order, work: change.work };
      const write = new CommandWrite();
      write.with(
        this.shipments.guardedStatusSql(write.params, read, 'LOADED'),
        this.orders.guardedUpdateSql(write.params, current, loaded, 'shipment_written'),
        ...this.inventory.movedSql(write.params, before, change.book, 'order_written'),
      );
      if (change.changed) {
        write.with(
          await this.outbox.insertSql(write.params, [shipmentLoaded(loaded)], 'order_written'),
        );
      }
      const applied = await write.run(db, 'EXISTS (SELECT FROM order_written)');
      return applied ? toWarehouseOrderView(loaded) : STALE;
    });
  }
}
