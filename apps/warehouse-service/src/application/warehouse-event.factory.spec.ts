import { startFloorWork, type WarehouseOrder } from '../domain';
import {
  allocationFailed,
  allocationReleased,
  inventoryAllocated,
} from './warehouse-event.factory';

const order: WarehouseOrder = {
  orderId: '5a3c1d8e-2f4b-4c6d-8e9f-0a1b2c3d4e5f',
  tenant: 'acme',
  region: 'eu-west',
  priority: 'STANDARD',
  lines: [
    { lineNo: 1, sku: 'SKU-A', quantity: 4 },
    { lineNo: 2, sku: 'SKU-B', quantity: 1 },
  ],
  releasedAt: new Date(),
  allocationId: '0f1e2d3c-4b5a-4968-8776-655443322110',
  backorder: null,
  work: null,
  cancelReason: null,
};

describe('warehouse events', () => {
  it('AllocationFailed names the short lines by order line, SKU_UNKNOWN when a SKU is unknown', () => {
    const shortage = {
      kind: 'SHORTAGE' as const,
      orderId: order.orderId,
      reason: 'SHORTAGE' as const,
      closestWarehouseId: 'WH-1',
      shortLines: [{ sku: 'SKU-B', quantityRequested: 1, quantityAvailable: 0, quantityShort: 1 }],
    };
    const entry = allocationFailed(order, shortage, [], 'c0ffee00-0000-4000-8000-000000000001');
    expect(entry.event).toMatchObject({
      orderId: order.orderId,
      warehouseId: 'WH-1',
      reason: 'SHORTAGE',
      backOrdered: true,
      shortLines: [{ lineNo: 2, sku: 'SKU-B', quantityRequested: 1, quantityAvailable: 0 }],
      meta: {
        eventType: 'AllocationFailed',
        producer: 'warehouse-service',
        correlationId: order.orderId,
        causationId: 'c0ffee00-0000-4000-8000-000000000001',
        tenant: 'acme',
        region: 'eu-west',
      },
    });
    expect(allocationFailed(order, shortage, ['SKU-B'], null).event).toMatchObject({
      reason: 'SKU_UNKNOWN',
    });
  });

  it('InventoryAllocated and AllocationReleased carry every order line of the allocation', () => {
    const allocated = {
      ...order,
      work: startFloorWork({
        orderId: order.orderId,
        warehouseId: 'WH-2',
        lines: [
          { sku: 'SKU-A', quantity: 4 },
          { sku: 'SKU-B', quantity: 1 },
        ],
      }),
    };
    const lines = [
      { lineNo: 1, sku: 'SKU-A', quantity: 4 },
      { lineNo: 2, sku: 'SKU-B', quantity: 1 },
    ];
    expect(inventoryAllocated(allocated, null)).toMatchObject({
      eventType: 'InventoryAllocated',
      event: { allocationId: order.allocationId, warehouseId: 'WH-2', lines },
    });
    expect(allocationReleased(allocated, null)).toMatchObject({
      eventType: 'AllocationReleased',
      event: { allocationId: order.allocationId, reason: 'ORDER_CANCELLED', lines },
    });
  });
});
