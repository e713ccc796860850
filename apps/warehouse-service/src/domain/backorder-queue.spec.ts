import {
  BackorderQueue,
  compareBackorders,
  enqueueBackorder,
  removeBackorder,
} from './backorder-queue';
import { order } from './warehouse.fixtures';

const a = (quantity: number) => [{ sku: 'SKU-A', quantity }];

function queueOf(
  ...entries: [string, number, number, ('EXPRESS' | 'STANDARD')?][]
): BackorderQueue {
  return entries.reduce<BackorderQueue>(
    (q, [id, quantity, at, priority]) =>
      enqueueBackorder(q, order(id, a(quantity), { priority: priority ?? 'STANDARD' }), at),
    [],
  );
}

describe('back-order queue', () => {
  it('enqueueing the same order twice keeps the first age', () => {
    const queue = enqueueBackorder(queueOf(['O-1', 1, 100]), order('O-1', a(1)), 999);
    expect(queue).toHaveLength(1);
    expect(queue[0]!.backorderedAt).toBe(100);
  });

  it('removes a cancelled order', () => {
    expect(
      removeBackorder(queueOf(['O-1', 1, 1], ['O-2', 1, 2]), 'O-1').map((e) => e.order.orderId),
    ).toEqual(['O-2']);
  });

  it('ranks EXPRESS first, then oldest, then order id', () => {
    const queue = queueOf(['O-3', 1, 1], ['O-2', 1, 5, 'EXPRESS'], ['O-1', 1, 1], ['O-4', 1, 0]);
    expect([...queue].sort(compareBackorders).map((e) => e.order.orderId)).toEqual([
      'O-2',
      'O-4',
      'O-1',
      'O-3',
    ]);
  });
});
