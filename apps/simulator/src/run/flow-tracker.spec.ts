import { FlowTracker, percentile, type ObservedEvent } from './flow-tracker';

const at = (s: number) => new Date(Date.UTC(2026, 10, 26, 12, 0, s));
let n = 0;
const event = (orderId: string, eventType: string, s = 0, extra: Partial<ObservedEvent> = {}) => ({
  eventType,
  eventId: `e-${++n}`,
  orderId,
  occurredAt: at(s),
  ...extra,
});

describe('the flow tracker', () => {
  it('follows an order to COMPLETED whatever the arrival order, and measures release to invoice', () => {
    const tracker = new FlowTracker();
    tracker.track('o1');
    for (const e of [
      event('o1', 'InvoiceIssued', 40),
      event('o1', 'OrderPicked', 10),
      event('o1', 'OrderReleased', 1),
      event('o1', 'ShipmentDelivered', 30),
    ]) {
      tracker.observe(e);
    }
    const flow = tracker.flow('o1')!;
    expect(tracker.status(flow)).toBe('INVOICED');
    expect(tracker.isTerminal(flow)).toBe(false);
    tracker.observe(event('o1', 'OrderCompleted', 41));
    expect(tracker.status(flow)).toBe('COMPLETED');
    expect(tracker.allTerminal()).toBe(true);
    expect(tracker.releaseToInvoiceMs()).toEqual([39_000]);
  });

  it('ignores other orders and counts a redelivered event once', () => {
    const tracker = new FlowTracker();
    tracker.track('o1');
    expect(tracker.observe(event('other', 'OrderReleased'))).toBe(false);
    const released = event('o1', 'OrderReleased');
    expect(tracker.observe(released)).toBe(true);
    expect(tracker.observe(released)).toBe(false);
    expect(tracker.redeliveries()).toBe(1);
    expect(tracker.flow('o1')!.events.get('OrderReleased')!.size).toBe(1);
    expect(tracker.totalEvents()).toBe(1);
  });

  it('keeps a cancelled order cancelled and counts holds and exceptions', () => {
    const tracker = new FlowTracker();
    tracker.track('o1');
    tracker.track('o2');
    tracker.observe(event('o1', 'OrderReleased'));
    tracker.observe(event('o1', 'OrderCancelled'));
    tracker.observe(event('o1', 'AllocationReleased'));
    tracker.observe(event('o2', 'OrderHeld'));
    tracker.observe(
      event('o2', 'ExceptionRaised', 0, {
        exceptionId: 'x1',
        exceptionType: 'ALLOCATION_SHORTAGE',
      }),
    );
    expect(tracker.countByStatus()).toEqual({ CANCELLED: 1, 'CREATED (on hold)': 1 });
    expect(tracker.openExceptions()).toBe(1);
    tracker.observe(event('o2', 'ExceptionResolved', 0, { exceptionId: 'x1' }));
    tracker.observe(event('o2', 'OrderHoldReleased'));
    expect(tracker.openExceptions()).toBe(0);
    expect(tracker.exceptionList()).toEqual([
      { exceptionId: 'x1', type: 'ALLOCATION_SHORTAGE', orderId: 'o2', resolved: true },
    ]);
    expect(tracker.countByStatus()).toEqual({ CANCELLED: 1, CREATED: 1 });
  });

  it('counts terminal orders as events arrive, each once', () => {
    const tracker = new FlowTracker();
    tracker.track('o1');
    tracker.track('o2');
    expect(tracker.allTerminal()).toBe(false);
    tracker.observe(event('o1', 'OrderCancelled'));
    tracker.observe(event('o1', 'OrderCompleted'));
    tracker.observe(event('o1', 'AllocationReleased'));
    expect(tracker.terminalCount()).toBe(1);
    expect(tracker.allTerminal()).toBe(false);
    tracker.observe(event('o2', 'OrderCompleted'));
    expect(tracker.terminalCount()).toBe(2);
    expect(tracker.allTerminal()).toBe(true);
    tracker.track('o3');
    expect(tracker.allTerminal()).toBe(false);
    expect(tracker.terminalCount()).toBe(tracker.all().filter((f) => tracker.isTerminal(f)).length);
  });
});

describe('percentiles', () => {
  it('use the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeUndefined();
  });
});
