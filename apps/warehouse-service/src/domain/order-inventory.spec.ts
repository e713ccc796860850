import { allocateLines, positionOf } from './inventory-book';
import { recordTenderAccepted, startFloorWork } from './floor-work';
import { cancelOrderAndRelease, loadOrderAndIssueGoods } from './order-inventory';
import { packOrder } from './pack-order';
import { allocation, fullPackages, pickedWork, stocked, tender } from './warehouse.fixtures';

describe('order inventory changes', () => {
  const otherOrder = [{ sku: 'SKU-A', quantity: 4 }];
  const book = allocateLines(
    allocateLines(
      stocked(['WH-EU-1', 'SKU-A', 10], ['WH-EU-1', 'SKU-B', 10]),
      'WH-EU-1',
      allocation.lines,
    ),
    'WH-EU-1',
    otherOrder,
  );

  it('cancelling releases the order allocation once, however often it is repeated', () => {
    const first = cancelOrderAndRelease(book, startFloorWork(allocation), 'customer');
    const again = cancelOrderAndRelease(first.book, first.work, 'customer');
    expect(first.changed).toBe(true);
    expect(again).toEqual({ work: first.work, book: first.book, changed: false });
    expect(positionOf(again.book, 'WH-EU-1', 'SKU-A').allocated).toBe(4);
  });

  it('loading issues the picked goods once, however often it is repeated', () => {
    const ready = recordTenderAccepted(packOrder(pickedWork(), fullPackages), tender);
    const first = loadOrderAndIssueGoods(book, ready, 'S-1');
    const again = loadOrderAndIssueGoods(first.book, first.work, 'S-1');
    expect(again.changed).toBe(false);
    expect(positionOf(again.book, 'WH-EU-1', 'SKU-A')).toMatchObject({
      onHand: 7,
      allocated: 4,
      shipped: 3,
    });
  });

  it('a cancel after loading is refused and moves no stock', () => {
    const ready = recordTenderAccepted(packOrder(pickedWork(), fullPackages), tender);
    const loaded = loadOrderAndIssueGoods(book, ready, 'S-1');
    expect(() => cancelOrderAndRelease(loaded.book, loaded.work, 'late')).toThrow(
      expect.objectContaining({ code: 'WAREHOUSE.ALREADY_LOADED' }),
    );
  });
});
