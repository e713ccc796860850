import { FloorWork, shouldApply } from './floor-work';
import { WarehouseError } from './warehouse-errors';

/**
 * Loading is the goods issue: only a PACKED order whose shipment's tender was accepted may
 * go on the truck, and only onto that shipment. A repeated load of a LOADED order is a no-op.
 * The caller pairs a state change with issueGoodsOnLoad on the inventory book.
 */
export function loadOrder(work: FloorWork, shipmentId: string): FloorWork {
  if (work.status === 'LOADED' && work.tender?.shipmentId === shipmentId) return work;
  if (!shouldApply(work, 'LOADED')) {
    throw new WarehouseError(
      'WAREHOUSE.SHIPMENT_MISMATCH',
      `order ${work.orderId} was loaded on shipment ${work.tender?.shipmentId}, not ${shipmentId}`,
      { orderId: work.orderId, shipmentId, loadedOn: work.tender?.shipmentId },
    );
  }
  if (work.tender === null) {
    throw new WarehouseError(
      'WAREHOUSE.TENDER_NOT_ACCEPTED',
      `no accepted tender for shipment ${shipmentId} of order ${work.orderId}`,
      { orderId: work.orderId, shipmentId },
    );
  }
  if (work.tender.shipmentId !== shipmentId) {
    throw new WarehouseError(
      'WAREHOUSE.SHIPMENT_MISMATCH',
      `order ${work.orderId} belongs to shipment ${work.tender.shipmentId}, not ${shipmentId}`,
      { orderId: work.orderId, shipmentId, expected: work.tender.shipmentId },
    );
  }
  return { ...work, status: 'LOADED' };
}
