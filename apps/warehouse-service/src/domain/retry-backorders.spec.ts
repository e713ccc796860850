import { BackorderQueue, enqueueBackorder } from './backorder-queue';
import { receiveLines } from './inventory-book';
import { retryBackorders } from './retry-backorders';
import { order, stocked, warehouses } from './warehouse.fixtures';

const a = (quantity: number) => [{ sku: 'SKU-A', quantity }];
const policy = { starvationThreshold: 2, maxHoldPasses: 2 };

function queueOf(
  ...entries: [string, number, number, ('EXPRESS' | 'STANDARD')?][]
): BackorderQueue {
  return entries.reduce<BackorderQueue>(
    (q, [id, quantity, at, priority]) =>
      enqueueBackorder(q, order(id, a(quantity), { priority: priority ?? 'STANDARD' }), at),
    [],
  );
}

describe('retryBackorders', () => {
  it('allocates by priority and age while stock lasts', () => {
    const queue = queueOf(['O-old', 2, 1], ['O-new', 2, 2], ['O-express', 2, 3, 'EXPRESS']);
    const result = retryBackorders(stocked(['WH-EU-1', 'SKU-A', 4]), warehouses, queue, policy);
    expect(result.allocations.map((x) => x.orderId)).toEqual(['O-express', 'O-old']);
    expect(result.queue.map((e) => e.order.orderId)).toEqual(['O-new']);
  });

  it('a big old order that does not fit does not block smaller ones behind it', () => {
    const queue = queueOf(['O-big', 10, 1], ['O-small', 3, 2]);
    const result = retryBackorders(stocked(['WH-EU-1', 'SKU-A', 4]), warehouses, queue, policy);
    expect(result.allocations.map((x) => x.orderId)).toEqual(['O-small']);
    expect(result.queue[0]).toMatchObject({ order: { orderId: 'O-big' }, skippedPasses: 1 });
  });

  it('a starving order holds its SKUs so receipts accumulate for it', () => {
    let book = stocked();
    let queue = queueOf(['O-big', 6, 1]);
    const allocated: string[] = [];
    for (let pass = 0; pass < 5; pass += 1) {
      book = receiveLines(book, 'WH-EU-1', a(2));
      queue = enqueueBackorder(queue, order(`O-small-${pass}`, a(2)), 10 + pass);
      const result = retryBackorders(book, warehouses, queue, policy);
      ({ book, queue } = result);
      allocated.push(...result.allocations.map((x) => x.orderId));
    }
    expect(allocated).toEqual(['O-small-0', 'O-small-1', 'O-big']);
  });

  it('the hold expires, so an order that can never fit delays others only for a while', () => {
    let book = stocked();
    let queue = queueOf(['O-huge', 1000, 1]);
    const allocated: string[] = [];
    for (let pass = 0; pass < 6; pass += 1) {
      book = receiveLines(book, 'WH-EU-1', a(1));
      queue = enqueueBackorder(queue, order(`O-small-${pass}`, a(1)), 10 + pass);
      const result = retryBackorders(book, warehouses, queue, policy);
      ({ book, queue } = result);
      allocated.push(...result.allocations.map((x) => x.orderId));
    }
    expect(allocated).toContain('O-small-2');
    expect(allocated.length).toBeGreaterThanOrEqual(4);
    expect(queue.map((e) => e.order.orderId)).toContain('O-huge');
  });

  it('a hold does not stop orders for other SKUs', () => {
    const starving = { ...queueOf(['O-big', 10, 1])[0]!, skippedPasses: 2 };
    const queue = [
      starving,
      ...enqueueBackorder([], order('O-b', [{ sku: 'SKU-B', quantity: 1 }]), 2),
    ];
    const book = stocked(['WH-EU-1', 'SKU-A', 5], ['WH-EU-1', 'SKU-B', 5]);
    expect(
      retryBackorders(book, warehouses, queue, policy).allocations.map((x) => x.orderId),
    ).toEqual(['O-b']);
  });
});
