import { allocateLines, positionOf } from './inventory-book';
import { violatedInvariants } from './inventory-position';
import { issueGoodsOnLoad, releaseAllocation } from './release-allocation';
import { allocation, stocked } from './warehouse.fixtures';

describe('releasing and issuing an allocation', () => {
  const received = stocked(['WH-EU-1', 'SKU-A', 10], ['WH-EU-1', 'SKU-B', 10]);
  const allocated = allocateLines(received, 'WH-EU-1', allocation.lines);

  it('a release returns every allocated unit and leaves on-hand alone', () => {
    const released = releaseAllocation(allocated, allocation);
    expect(positionOf(released, 'WH-EU-1', 'SKU-A')).toEqual(
      positionOf(received, 'WH-EU-1', 'SKU-A'),
    );
    expect(positionOf(released, 'WH-EU-1', 'SKU-B')).toEqual(
      positionOf(received, 'WH-EU-1', 'SKU-B'),
    );
  });

  it('a second release is refused rather than freeing stock held for other orders', () => {
    const released = releaseAllocation(allocated, allocation);
    expect(() => releaseAllocation(released, allocation)).toThrow(
      expect.objectContaining({ code: 'WAREHOUSE.ALLOCATION_EXCEEDED' }),
    );
  });

  it('goods issue ships the picked units', () => {
    const picked = [
      { sku: 'SKU-A', quantity: 3 },
      { sku: 'SKU-B', quantity: 2 },
    ];
    const issued = issueGoodsOnLoad(allocated, allocation, picked);
    expect(positionOf(issued, 'WH-EU-1', 'SKU-A')).toMatchObject({
      onHand: 7,
      allocated: 0,
      shipped: 3,
    });
  });

  it('after a short pick ships what was picked and releases the rest', () => {
    const issued = issueGoodsOnLoad(allocated, allocation, [{ sku: 'SKU-A', quantity: 1 }]);
    expect(positionOf(issued, 'WH-EU-1', 'SKU-A')).toMatchObject({
      onHand: 9,
      allocated: 0,
      shipped: 1,
    });
    expect(positionOf(issued, 'WH-EU-1', 'SKU-B')).toMatchObject({
      onHand: 10,
      allocated: 0,
      shipped: 0,
    });
    for (const sku of ['SKU-A', 'SKU-B'])
      expect(violatedInvariants(positionOf(issued, 'WH-EU-1', sku))).toEqual([]);
  });

  it('refuses to issue a SKU the order never had', () => {
    expect(() => issueGoodsOnLoad(allocated, allocation, [{ sku: 'SKU-Z', quantity: 1 }])).toThrow(
      expect.objectContaining({ code: 'WAREHOUSE.UNKNOWN_SKU' }),
    );
  });
});
