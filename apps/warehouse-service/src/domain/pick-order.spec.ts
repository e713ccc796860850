import { startFloorWork } from './floor-work';
import { pickOrder } from './pick-order';
import { allocation } from './warehouse.fixtures';

describe('pickOrder', () => {
  const work = startFloorWork(allocation);

  it('a full pick records the quantities without an exception', () => {
    const result = pickOrder(work, [
      { sku: 'SKU-A', quantityPicked: 3 },
      { sku: 'SKU-B', quantityPicked: 2 },
    ]);
    expect(result.work).toMatchObject({ status: 'PICKED', shortPicked: false });
    expect(result.work.picked).toEqual(allocation.lines);
    expect(result.exception).toBeNull();
  });

  it('a short pick is accepted, flagged and raises an exception descriptor', () => {
    const result = pickOrder(work, [{ sku: 'SKU-A', quantityPicked: 1 }]);
    expect(result.work).toMatchObject({ status: 'PICKED', shortPicked: true });
    expect(result.work.picked).toEqual([
      { sku: 'SKU-A', quantity: 1 },
      { sku: 'SKU-B', quantity: 0 },
    ]);
    expect(result.exception).toEqual({
      type: 'SHORT_PICK',
      severity: 'MEDIUM',
      orderId: 'O-1',
      warehouseId: 'WH-EU-1',
      lines: [
        { sku: 'SKU-A', quantityAllocated: 3, quantityPicked: 1, quantityShort: 2 },
        { sku: 'SKU-B', quantityAllocated: 2, quantityPicked: 0, quantityShort: 2 },
      ],
    });
  });

  it('adds up lines reported twice for one SKU', () => {
    const result = pickOrder(work, [
      { sku: 'SKU-A', quantityPicked: 1 },
      { sku: 'SKU-A', quantityPicked: 2 },
      { sku: 'SKU-B', quantityPicked: 2 },
    ]);
    expect(result.work.shortPicked).toBe(false);
  });

  it('refuses an over-pick', () => {
    expect(() => pickOrder(work, [{ sku: 'SKU-A', quantityPicked: 4 }])).toThrow(
      expect.objectContaining({ code: 'WAREHOUSE.OVER_PICK' }),
    );
  });

  it('refuses a SKU that was not allocated', () => {
    expect(() => pickOrder(work, [{ sku: 'SKU-Z', quantityPicked: 1 }])).toThrow(
      expect.objectContaining({ code: 'WAREHOUSE.UNKNOWN_SKU' }),
    );
  });

  it.each([-1, 1.5])('refuses the quantity %p', (quantityPicked) => {
    expect(() => pickOrder(work, [{ sku: 'SKU-A', quantityPicked }])).toThrow(
      expect.objectContaining({ code: 'WAREHOUSE.INVALID_QUANTITY' }),
    );
  });

  it('a repeated pick is ignored, not re-applied', () => {
    const first = pickOrder(work, [{ sku: 'SKU-A', quantityPicked: 1 }]);
    const again = pickOrder(first.work, [{ sku: 'SKU-A', quantityPicked: 3 }]);
    expect(again).toEqual({ work: first.work, applied: false, exception: null });
  });
});
