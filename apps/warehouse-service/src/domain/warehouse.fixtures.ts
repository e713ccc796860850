import { Allocation, OrderToAllocate, Warehouse } from './allocation';
import { FloorWork, Package, startFloorWork } from './floor-work';
import { InventoryBook, emptyInventoryBook, receiveLines } from './inventory-book';
import { pickOrder } from './pick-order';
import { SkuQuantity } from './quantity';

/** Test data shared by the domain specs; not exported from index.ts. */
export const warehouses: readonly Warehouse[] = [
  { id: 'WH-EU-2', region: 'EU' },
  { id: 'WH-EU-1', region: 'EU' },
  { id: 'WH-US-1', region: 'US' },
];

export function stocked(...receipts: [string, string, number][]): InventoryBook {
  return receipts.reduce(
    (book, [warehouseId, sku, quantity]) => receiveLines(book, warehouseId, [{ sku, quantity }]),
    emptyInventoryBook,
  );
}

export function order(
  orderId: string,
  lines: readonly SkuQuantity[],
  overrides: Partial<OrderToAllocate> = {},
): OrderToAllocate {
  return { orderId, region: 'EU', priority: 'STANDARD', lines, ...overrides };
}

export const allocation: Allocation = {
  orderId: 'O-1',
  warehouseId: 'WH-EU-1',
  lines: [
    { sku: 'SKU-A', quantity: 3 },
    { sku: 'SKU-B', quantity: 2 },
  ],
};

export const tender = { shipmentId: 'S-1', carrier: 'DHL', trackingNumber: 'TRK-1' };

export function pack(packageId: string, lines: readonly SkuQuantity[]): Package {
  return { packageId, weightGrams: 1200, lengthMm: 300, widthMm: 200, heightMm: 100, lines };
}

export function pickedWork(): FloorWork {
  const picks = allocation.lines.map((l) => ({ sku: l.sku, quantityPicked: l.quantity }));
  return pickOrder(startFloorWork(allocation), picks).work;
}

export const fullPackages = [
  pack('P-1', [{ sku: 'SKU-A', quantity: 3 }]),
  pack('P-2', [{ sku: 'SKU-B', quantity: 2 }]),
];
