import { handleBillingFact, openBillingCase, TaxTable, type BillingFact } from '../../domain';
import { statusOf } from './apply-billing-fact.handler';

const taxes = TaxTable.fromRates({ 'eu-west': 1900 });
const order: BillingFact = {
  type: 'OrderReleased',
  eventId: 'e1',
  orderId: 'o',
  customerId: 'c',
  currency: 'EUR',
  region: 'eu-west',
  lines: [{ lineNo: 1, sku: 'A', quantity: 1, unitPriceMinor: 100, currency: 'EUR' }],
};
const delivery: BillingFact = {
  type: 'ShipmentDelivered',
  eventId: 'e2',
  orderId: 'o',
  shipmentId: 's',
  classifier: 'ACTUAL',
  milestoneAt: 10,
};
const freight: BillingFact = {
  type: 'FreightCostConfirmed',
  eventId: 'e3',
  orderId: 'o',
  amountMinor: 10,
  currency: 'EUR',
  occurredAt: 10,
};

function after(...facts: BillingFact[]) {
  return facts.reduce((s, f) => handleBillingFact(s, f, taxes).state, openBillingCase('o'));
}

describe('the invoice status shown by the API', () => {
  it('follows the case: awaiting delivery, awaiting freight, held, issued, cancelled', () => {
    expect(statusOf(after(order))).toBe('AWAITING_DELIVERY');
    expect(statusOf(after(order, delivery))).toBe('AWAITING_FREIGHT');
    const hold: BillingFact = {
      type: 'ManualHoldPlaced',
      eventId: 'h',
      orderId: 'o',
      note: 'n',
      by: 'x',
    };
    expect(statusOf(after(order, hold))).toBe('HELD');
    expect(statusOf(after(order, delivery, freight))).toBe('ISSUED');
    expect(statusOf(after(order, { type: 'OrderCancelled', eventId: 'c', orderId: 'o' }))).toBe(
      'CANCELLED',
    );
  });
});
