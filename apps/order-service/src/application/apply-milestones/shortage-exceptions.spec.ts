import { randomUUID } from 'node:crypto';
import { OrderException } from '../../domain/order-exception';
import { milestone, releasedOrder } from '../../domain/order.fixtures';
import { endsShortage, shortageExceptionId, ShortageExceptions } from './shortage-exceptions';

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

  describe('exception ids derived from the milestone', () => {
    /** Fresh state (as after a restore): a released order and no exception read. */
    function raisedFor(orderId: string, failed: ReturnType<typeof milestone>) {
      const order = releasedOrder(orderId);
      const shortages = new ShortageExceptions(new Map());
      const entries = shortages.follow(order, order.apply(failed, now), failed, now);
      return {
        ids: shortages.changed.map((x) => x.state.id),
        wire: entries.map((e) => (e.event as unknown as { exceptionId: string }).exceptionId),
      };
    }

    it('the same AllocationFailed applied twice against fresh state opens the same exception', () => {
      const failed = milestone('AllocationFailed', 1, { eventId: randomUUID(), detail: 'short' });
      const first = raisedFor('order-1', failed);
      const replay = raisedFor('order-1', failed);
      expect(first.ids).toHaveLength(1);
      expect(first.ids[0]).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(first.wire).toEqual(first.ids);
      expect(replay).toEqual(first);
    });

    it('another AllocationFailed, or another order, opens another exception', () => {
      const one = milestone('AllocationFailed', 1, { eventId: randomUUID() });
      const two = milestone('AllocationFailed', 2, { eventId: randomUUID() });
      const ids = [
        raisedFor('order-1', one).ids[0],
        raisedFor('order-1', two).ids[0],
        raisedFor('order-2', one).ids[0],
      ];
      expect(new Set(ids).size).toBe(3);
      expect(shortageExceptionId(one.eventId, 'order-1', 1)).not.toBe(ids[0]);
    });
  });
});
