import { Inject, Injectable } from '@nestjs/common';
import { OutboxWriter } from '@logisync/event-runtime';
import { InvalidStateError, loadOrderAndIssueGoods, recordTenderAccepted } from '../../domain';
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
 * the packages, the carrier and the tracking number.
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
    return this.uow.run(async (tx) => {
      const shipment = await this.shipments.getForUpdate(tx, shipmentId);
      const order = await this.orders.getForUpdate(tx, shipment.orderId);
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
      const { warehouseId, lines } = work.allocation;
      const before = await this.inventory.lockBook(
        tx,
        lines.map((l) => l.sku),
        warehouseId,
      );
      const change = loadOrderAndIssueGoods(before, work, shipmentId);
      await this.inventory.saveBook(tx, before, change.book);
      const loaded = { ...order, work: change.work };
      await this.orders.save(tx, loaded);
      await this.shipments.save(tx, { ...shipment, status: 'LOADED' });
      if (change.changed) await this.outbox.add(tx, shipmentLoaded(loaded));
      return toWarehouseOrderView(loaded);
    });
  }
}
