import {
  applyMilestone,
  emptyProgress,
  statusOf,
  waitingFor,
  type MilestoneFact,
} from './order-progress';

const t = (s: number) => new Date(Date.UTC(2026, 10, 26, 8, 0, s));
const fold = (facts: MilestoneFact[]) => facts.reduce(applyMilestone, emptyProgress());
const flow: MilestoneFact[] = [
  'OrderReleased',
  'InventoryAllocated',
  'OrderPicked',
  'OrderPacked',
  'ShipmentPlanned',
  'CarrierTendered',
  'TenderAccepted',
  'ShipmentLoaded',
  'ShipmentDeparted',
  'ShipmentDelivered',
  'InvoiceIssued',
  'OrderCompleted',
].map((eventType, i) => ({ eventType, occurredAt: t(i) }));

describe('the control tower order progress', () => {
  it('reaches COMPLETED whatever the order of arrival, for every swapped pair', () => {
    for (let i = 0; i < flow.length; i++) {
      for (let j = i + 1; j < flow.length; j++) {
        const swapped = [...flow];
        [swapped[i], swapped[j]] = [swapped[j], swapped[i]];
        const p = fold(swapped);
        expect(statusOf(p)).toBe('COMPLETED');
        expect(p.lastEventType).toBe('OrderCompleted');
        expect(waitingFor(p)).toBeNull();
      }
    }
  });

  it('never moves back on a late older milestone', () => {
    const p = fold([...flow.slice(0, 9), flow[2]]);
    expect(statusOf(p)).toBe('IN_TRANSIT');
    expect(waitingFor(p)).toMatchObject({ eventType: 'ShipmentDelivered', from: 'carrier' });
  });

  it('says what each stage waits for and who owes it', () => {
    const expectations: [number, string][] = [
      [0, 'InventoryAllocated'],
      [1, 'OrderPicked'],
      [2, 'OrderPacked'],
      [3, 'CarrierTendered'],
      [5, 'TenderAccepted'],
      [6, 'ShipmentLoaded'],
      [7, 'ShipmentDeparted'],
      [9, 'InvoiceIssued'],
      [10, 'OrderCompleted'],
    ];
    for (const [upTo, awaited] of expectations) {
      expect(waitingFor(fold(flow.slice(0, upTo + 1)))?.eventType).toBe(awaited);
    }
    expect(waitingFor(emptyProgress())?.eventType).toBe('OrderReleased');
  });

  it('tracks holds: shortage, no carrier, customs, failed delivery, invoice', () => {
    let p = fold([flow[0], { eventType: 'AllocationFailed', occurredAt: t(1) }]);
    expect(p.holds).toEqual(['SHORTAGE']);
    expect(waitingFor(p)?.why).toMatch(/stock receipt/);
    p = applyMilestone(p, { eventType: 'InventoryAllocated', occurredAt: t(2) });
    expect(p.holds).toEqual([]);
    p = applyMilestone(p, {
      eventType: 'ExceptionRaised',
      occurredAt: t(3),
      detail: 'TENDER_ALL_REJECTED',
    });
    expect(waitingFor(p)?.from).toBe('transport desk');
    p = applyMilestone(p, { eventType: 'TenderAccepted', occurredAt: t(4) });
    p = applyMilestone(p, { eventType: 'CustomsHoldRaised', occurredAt: t(5) });
    p = applyMilestone(p, { eventType: 'DeliveryFailed', occurredAt: t(6) });
    expect(p.holds).toEqual(['CUSTOMS', 'DELIVERY_FAILED']);
    p = applyMilestone(p, { eventType: 'CustomsCleared', occurredAt: t(7) });
    p = applyMilestone(p, { eventType: 'ShipmentDelivered', occurredAt: t(8) });
    p = applyMilestone(p, { eventType: 'InvoiceHeld', occurredAt: t(9) });
    expect(p.holds).toEqual(['INVOICE']);
    expect(waitingFor(p)?.eventType).toBe('InvoiceReleased');
    p = applyMilestone(p, { eventType: 'InvoiceIssued', occurredAt: t(10) });
    expect(p.holds).toEqual([]);
  });

  it('keeps a cancelled order cancelled with nothing awaited', () => {
    const p = fold([
      flow[0],
      flow[1],
      { eventType: 'OrderCancelled', occurredAt: t(2) },
      { eventType: 'AllocationReleased', occurredAt: t(3) },
    ]);
    expect(statusOf(p)).toBe('CANCELLED');
    expect(waitingFor(p)).toBeNull();
  });
});
