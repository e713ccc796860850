import { handleBillingFact, openBillingCase, TaxTable, type BillingCase } from '../domain';
import { caseFromJson, caseToJson } from './billing-case.codec';

describe('the billing case as JSON', () => {
  it('comes back equal, Money included, and decides the same', () => {
    const taxes = TaxTable.fromRates({ 'eu-west': 1900 });
    let state: BillingCase = openBillingCase('o-1');
    const facts = [
      {
        type: 'OrderReleased' as const,
        eventId: 'e1',
        orderId: 'o-1',
        customerId: 'c',
        currency: 'EUR',
        region: 'eu-west',
        lines: [{ lineNo: 1, sku: 'A', quantity: 2, unitPriceMinor: 1_005, currency: 'EUR' }],
      },
      {
        type: 'FreightCostConfirmed' as const,
        eventId: 'e2',
        orderId: 'o-1',
        amountMinor: 250,
        currency: 'EUR',
        occurredAt: 1,
      },
      {
        type: 'ShipmentDelivered' as const,
        eventId: 'e3',
        orderId: 'o-1',
        shipmentId: 's',
        classifier: 'ACTUAL' as const,
        milestoneAt: 2,
      },
    ];
    for (const fact of facts) {
      const stored = caseFromJson(JSON.parse(JSON.stringify(caseToJson(state))));
      expect(stored).toEqual(state);
      state = handleBillingFact(stored, fact, taxes).state;
    }
    const revived = caseFromJson(JSON.parse(JSON.stringify(caseToJson(state))));
    expect(revived).toEqual(state);
    expect(revived.issuedInvoice!.total.equals(state.issuedInvoice!.total)).toBe(true);
  });
});
