import { openBillingCase } from './billing-case';
import { BillingFact } from './billing-facts';
import { openHolds } from './billing-holds';
import { recordBillingFact } from './record-billing-fact';

const code = (c: string) => expect.objectContaining({ code: c });
const customs = (
  type: 'CustomsHoldRaised' | 'CustomsCleared' | 'DeliveryFailed',
  eventId: string,
  at: number,
  shipmentId = 'S-1',
): BillingFact => ({
  type,
  eventId,
  orderId: 'O-1',
  shipmentId,
  classifier: 'ACTUAL',
  milestoneAt: at,
});
const record = (facts: BillingFact[]) => facts.reduce(recordBillingFact, openBillingCase('O-1'));

describe('recordBillingFact', () => {
  const freight = (eventId: string, amountMinor: number, occurredAt: number): BillingFact => ({
    type: 'FreightCostConfirmed',
    eventId,
    orderId: 'O-1',
    amountMinor,
    currency: 'EUR',
    occurredAt,
  });

  it('ignores a repeated eventId and returns the same case', () => {
    const once = record([freight('e-1', 100, 1)]);
    expect(recordBillingFact(once, freight('e-1', 999, 5))).toBe(once);
  });

  it('refuses a fact of another order', () => {
    const other: BillingFact = { type: 'OrderCancelled', eventId: 'x', orderId: 'O-2' };
    expect(() => recordBillingFact(openBillingCase('O-1'), other)).toThrow(
      code('BILLING.ORDER_MISMATCH'),
    );
  });

  it('keeps the latest freight confirmation whatever the arrival order', () => {
    const a = freight('e-1', 100, 1);
    const b = freight('e-2', 200, 2);
    const tie = freight('e-3', 300, 2);
    expect(record([a, b]).freight?.amount.amountMinor).toBe(200);
    expect(record([b, a]).freight?.amount.amountMinor).toBe(200);
    expect(record([tie, b, a]).freight?.amount.amountMinor).toBe(300);
    expect(record([a, b, tie]).freight?.amount.amountMinor).toBe(300);
  });

  it('keeps the first OrderReleased', () => {
    const released = (eventId: string, customerId: string): BillingFact => ({
      type: 'OrderReleased',
      eventId,
      orderId: 'O-1',
      customerId,
      currency: 'EUR',
      region: 'eu-west',
      lines: [{ lineNo: 1, sku: 'A', quantity: 1, unitPriceMinor: 1, currency: 'EUR' }],
    });
    expect(record([released('e-1', 'C-1'), released('e-2', 'C-2')]).order?.customerId).toBe('C-1');
  });
});

describe('openHolds', () => {
  it('judges customs holds per shipment by milestone time, not arrival order', () => {
    const raised = customs('CustomsHoldRaised', 'h', 100);
    const cleared = customs('CustomsCleared', 'c', 200);
    expect(openHolds(record([raised, cleared]))).toEqual([]);
    expect(openHolds(record([cleared, raised]))).toEqual([]);
    expect(openHolds(record([raised]))).toEqual(['CUSTOMS_HOLD']);
    const reRaised = customs('CustomsHoldRaised', 'h2', 300);
    expect(openHolds(record([reRaised, cleared, raised]))).toEqual(['CUSTOMS_HOLD']);
  });

  it('lets a clearance at the same instant win', () => {
    const raised = customs('CustomsHoldRaised', 'z', 100);
    const cleared = customs('CustomsCleared', 'a', 100);
    expect(openHolds(record([raised, cleared]))).toEqual([]);
    expect(openHolds(record([cleared, raised]))).toEqual([]);
  });

  it('keeps a hold on one shipment open while another shipment is cleared', () => {
    const facts = [
      customs('CustomsHoldRaised', 'h1', 100, 'S-1'),
      customs('CustomsCleared', 'c2', 200, 'S-2'),
    ];
    expect(openHolds(record(facts))).toEqual(['CUSTOMS_HOLD']);
  });

  it('reports holds in a fixed order', () => {
    const failed = customs('DeliveryFailed', 'f', 50);
    const manual: BillingFact = {
      type: 'ManualHoldPlaced',
      eventId: 'm',
      orderId: 'O-1',
      note: 'n',
      by: 'ops',
    };
    expect(openHolds(record([manual, failed, customs('CustomsHoldRaised', 'h', 1)]))).toEqual([
      'CUSTOMS_HOLD',
      'DELIVERY_FAILED',
      'MANUAL',
    ]);
  });
});
