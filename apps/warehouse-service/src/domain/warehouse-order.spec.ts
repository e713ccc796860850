import { startFloorWork } from './floor-work';
import { lineNoOf, statusOf, toAllocate, type WarehouseOrder } from './warehouse-order';

const released: WarehouseOrder = {
  orderId: 'O-1',
  tenant: 'acme',
  region: 'eu-west',
  priority: 'EXPRESS',
  lines: [
    { lineNo: 1, sku: 'SKU-B', quantity: 2 },
    { lineNo: 2, sku: 'SKU-A', quantity: 1 },
    { lineNo: 3, sku: 'SKU-B', quantity: 3 },
  ],
  releasedAt: new Date('2026-11-20T08:00:00Z'),
  allocationId: null,
  backorder: null,
  work: null,
  cancelReason: null,
};

describe('a released order in the warehouse', () => {
  it('is back-ordered until it has floor work, cancelled when cancelled while waiting', () => {
    expect(statusOf(released)).toBe('BACKORDERED');
    expect(statusOf({ ...released, cancelReason: 'no stock' })).toBe('CANCELLED');
  });

  it('takes the floor status once allocated', () => {
    const work = startFloorWork({
      orderId: 'O-1',
      warehouseId: 'WH-1',
      lines: toAllocate(released).lines,
    });
    expect(statusOf({ ...released, work })).toBe('ALLOCATED');
    expect(statusOf({ ...released, work: { ...work, status: 'LOADED' } })).toBe('LOADED');
  });

  it('allocates per SKU with repeated lines merged, keeping region and priority', () => {
    expect(toAllocate(released)).toEqual({
      orderId: 'O-1',
      region: 'eu-west',
      priority: 'EXPRESS',
      lines: [
        { sku: 'SKU-A', quantity: 1 },
        { sku: 'SKU-B', quantity: 5 },
      ],
    });
  });

  it('reports a SKU under its first order line', () => {
    expect(lineNoOf(released, 'SKU-B')).toBe(1);
    expect(lineNoOf(released, 'SKU-A')).toBe(2);
  });
});
