import { allocateOrder } from './allocate-order';
import { availableIn } from './inventory-book';
import { order, stocked, warehouses } from './warehouse.fixtures';

describe('allocateOrder', () => {
  const lines = [
    { sku: 'SKU-A', quantity: 3 },
    { sku: 'SKU-B', quantity: 2 },
  ];

  it('prefers a warehouse in the order region over a fuller one elsewhere', () => {
    const book = stocked(
      ['WH-US-1', 'SKU-A', 99],
      ['WH-US-1', 'SKU-B', 99],
      ['WH-EU-1', 'SKU-A', 3],
      ['WH-EU-1', 'SKU-B', 2],
    );
    const { outcome } = allocateOrder(book, warehouses, order('O-1', lines));
    expect(outcome).toEqual({
      kind: 'ALLOCATED',
      allocation: { orderId: 'O-1', warehouseId: 'WH-EU-1', lines },
    });
  });

  it('within the region prefers the most available units', () => {
    const book = stocked(
      ['WH-EU-1', 'SKU-A', 3],
      ['WH-EU-1', 'SKU-B', 2],
      ['WH-EU-2', 'SKU-A', 5],
      ['WH-EU-2', 'SKU-B', 5],
    );
    const { outcome } = allocateOrder(book, warehouses, order('O-1', lines));
    expect(outcome.kind === 'ALLOCATED' && outcome.allocation.warehouseId).toBe('WH-EU-2');
  });

  it('breaks ties by the smallest warehouse id', () => {
    const book = stocked(
      ['WH-EU-2', 'SKU-A', 5],
      ['WH-EU-2', 'SKU-B', 5],
      ['WH-EU-1', 'SKU-A', 5],
      ['WH-EU-1', 'SKU-B', 5],
    );
    const { outcome } = allocateOrder(book, warehouses, order('O-1', lines));
    expect(outcome.kind === 'ALLOCATED' && outcome.allocation.warehouseId).toBe('WH-EU-1');
  });

  it('falls back to another region when no regional warehouse fills the whole order', () => {
    const book = stocked(['WH-EU-1', 'SKU-A', 3], ['WH-US-1', 'SKU-A', 3], ['WH-US-1', 'SKU-B', 2]);
    const { outcome } = allocateOrder(book, warehouses, order('O-1', lines));
    expect(outcome.kind === 'ALLOCATED' && outcome.allocation.warehouseId).toBe('WH-US-1');
  });

  it('holds the allocated units in the returned book only', () => {
    const book = stocked(['WH-EU-1', 'SKU-A', 5], ['WH-EU-1', 'SKU-B', 5]);
    const result = allocateOrder(book, warehouses, order('O-1', lines));
    expect(availableIn(result.book, 'WH-EU-1', 'SKU-A')).toBe(2);
    expect(availableIn(book, 'WH-EU-1', 'SKU-A')).toBe(5);
  });

  it('merges repeated SKUs before checking stock', () => {
    const book = stocked(['WH-EU-1', 'SKU-A', 5]);
    const repeated = [
      { sku: 'SKU-A', quantity: 3 },
      { sku: 'SKU-A', quantity: 3 },
    ];
    expect(allocateOrder(book, warehouses, order('O-1', repeated)).outcome.kind).toBe('SHORTAGE');
  });

  it('never splits an order: lines spread over warehouses are a shortage', () => {
    const book = stocked(['WH-EU-1', 'SKU-A', 3], ['WH-EU-2', 'SKU-B', 1], ['WH-US-1', 'SKU-B', 2]);
    const result = allocateOrder(book, warehouses, order('O-1', lines));
    expect(result.book).toBe(book);
    expect(result.outcome).toEqual({
      kind: 'SHORTAGE',
      orderId: 'O-1',
      reason: 'SHORTAGE',
      closestWarehouseId: 'WH-EU-1',
      shortLines: [{ sku: 'SKU-B', quantityRequested: 2, quantityAvailable: 0, quantityShort: 2 }],
    });
  });

  it('reports every line short when there are no warehouses', () => {
    const { outcome } = allocateOrder(stocked(), [], order('O-1', lines));
    expect(outcome.kind === 'SHORTAGE' && outcome.shortLines.map((l) => l.quantityShort)).toEqual([
      3, 2,
    ]);
  });

  it('refuses non-positive quantities', () => {
    expect(() =>
      allocateOrder(stocked(), warehouses, order('O-1', [{ sku: 'SKU-A', quantity: 0 }])),
    ).toThrow(expect.objectContaining({ code: 'WAREHOUSE.INVALID_QUANTITY' }));
  });
});
