import type { Milestone } from './milestone';
import { fullFlow, releasedOrder } from './order.fixtures';

function statusAfter(milestones: Milestone[]) {
  const order = releasedOrder();
  const announced = milestones.flatMap((m) => order.apply(m, new Date()));
  return { status: order.status, announced, order };
}

const flow = fullFlow();
const pairs: [number, number][] = [];
for (let i = 0; i < flow.length; i++) {
  for (let j = i + 1; j < flow.length; j++) pairs.push([i, j]);
}

describe('the order status machine', () => {
  it('reaches COMPLETED through the whole flow in order, announcing completion once', () => {
    const { status, announced } = statusAfter(flow);
    expect(status).toBe('COMPLETED');
    expect(announced.filter((e) => e.type === 'OrderCompleted')).toEqual([
      { type: 'OrderCompleted', invoiceId: 'invoice-1' },
    ]);
  });

  it('walks the statuses of the flow step by step', () => {
    const order = releasedOrder();
    const seen = flow.map((m) => (order.apply(m, new Date()), order.status));
    expect(seen).toEqual([
      'ON_HOLD',
      'ALLOCATED',
      'PICKED',
      'PACKED',
      'ON_HOLD',
      'PACKED',
      'SHIPPED',
      'IN_TRANSIT',
      'ON_HOLD',
      'IN_TRANSIT',
      'IN_TRANSIT',
      'ON_HOLD',
      'DELIVERED',
      'ON_HOLD',
      'DELIVERED',
      'COMPLETED',
    ]);
  });

  describe.each(pairs)('milestones %i and %i arriving the other way round', (i, j) => {
    const [a, b] = [flow[i], flow[j]];

    it(`${flow[j].type} before ${flow[i].type} alone gives the in-order status`, () => {
      expect(statusAfter([b, a]).status).toBe(statusAfter([a, b]).status);
    });

    it('within the whole flow still ends COMPLETED with each milestone once', () => {
      const swapped = [...flow];
      swapped[i] = b;
      swapped[j] = a;
      const { status, order } = statusAfter(swapped);
      expect(status).toBe('COMPLETED');
      expect(
        order
          .snapshot()
          .timeline.map((t) => t.eventId)
          .sort(),
      ).toEqual(flow.map((m) => m.eventId).sort());
    });
  });

  it('keeps the status when an older milestone is replayed late, and records it once', () => {
    const order = releasedOrder();
    flow.slice(0, 7).forEach((m) => order.apply(m, new Date()));
    expect(order.status).toBe('SHIPPED');
    const late = { ...flow[2], eventId: 'late-pick' };
    expect(order.apply(late, new Date())).toEqual([]);
    expect(order.apply(flow[2], new Date())).toEqual([]);
    expect(order.status).toBe('SHIPPED');
    expect(order.snapshot().timeline.filter((t) => t.type === 'OrderPicked')).toHaveLength(2);
    expect(order.snapshot().timeline.filter((t) => t.eventId === flow[2].eventId)).toHaveLength(1);
  });

  it('ignores deliveries that are not ACTUAL', () => {
    const { status } = statusAfter([
      { ...flow.find((m) => m.type === 'ShipmentDelivered')!, classifier: 'ESTIMATED' },
      { ...flow.find((m) => m.type === 'ShipmentDeparted')!, classifier: 'PLANNED' },
    ]);
    expect(status).toBe('RELEASED');
  });

  it('announces a hold and its release with the reason', () => {
    const order = releasedOrder();
    expect(order.apply({ ...flow[0], detail: 'SKU-1 short' }, new Date())).toEqual([
      { type: 'OrderHeld', reason: 'ALLOCATION_SHORTAGE', detail: 'SKU-1 short' },
    ]);
    expect(order.apply(flow[1], new Date())).toEqual([
      { type: 'OrderHoldReleased', reason: 'ALLOCATION_SHORTAGE' },
    ]);
  });

  it('does not hold an order whose hold was cleared before the hold arrived', () => {
    const raised = flow.find((m) => m.type === 'CustomsHoldRaised')!;
    const cleared = flow.find((m) => m.type === 'CustomsCleared')!;
    expect(statusAfter([cleared, raised]).announced).toEqual([]);
  });
});
