import { OrderException } from '../../domain/order-exception';
import { milestone, releasedOrder } from '../../domain/order.fixtures';
import { endsShortage, ShortageExceptions } from './shortage-exceptions';

const now = new Date('2026-11-02T00:10:00Z');

describe('shortage exceptions followed over a set of milestones', () => {
  it('opens one with the hold and resolves it with the allocation of the same set', () => {
    const order = releasedOrder();
    const shortages = new ShortageExceptions(new Map());
    const failed = milestone('AllocationFailed', 1, { detail: 'SKU-1 0/2' });
    const held = order.apply(failed, now);
    expect(endsShortage(held)).toBe(false);
    const raised = shortages.follow(order, held, failed, now);
    expect(raised.map((e) => e.eventType)).toEqual(['ExceptionRaised']);
    expect(raised[0].event.meta.causationId).toBe(failed.eventId);

    const allocated = milestone('InventoryAllocated', 2);
    const released = order.apply(allocated, now);
    expect(endsShortage(released)).toBe(true);
    const resolved = shortages.follow(order, released, allocated, now);
    expect(resolved.map((e) => e.eventType)).toEqual(['ExceptionResolved']);
    expect(shortages.changed.map((x) => x.state)).toMatchObject([
      {
        status: 'RESOLVED',
        resolution: 'InventoryAllocated: stock allocated',
        details: 'SKU-1 0/2',
      },
      { status: 'RESOLVED' },
    ]);
    expect(new Set(shortages.changed).size).toBe(1);
  });

  it('resolves the open ones read before, once', () => {
    const order = releasedOrder();
    order.apply(milestone('AllocationFailed', 1), now);
    const open = OrderException.shortage('x-1', order.id, 'short', now);
    open.acknowledge(now);
    const shortages = new ShortageExceptions(new Map([[order.id, [open]]]));
    const allocated = milestone('InventoryAllocated', 2);
    const events = order.apply(allocated, now);
    expect(shortages.follow(order, events, allocated, now)).toHaveLength(1);
    expect(open.state.status).toBe('RESOLVED');
    const again = milestone('OrderPicked', 3);
    expect(shortages.follow(order, order.apply(again, now), again, now)).toEqual([]);
  });
});
