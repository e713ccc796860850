import { PrerequisiteMissingError } from '@logisync/event-runtime';
import { openBillingCase, TaxTable, type BillingFact } from '../../domain';
import type { HoldRow } from '../../infrastructure/invoice.repository';
import { OrderInSet, type FactInSet, type SetFold } from './order-in-set';

const taxes = TaxTable.fromRates({ 'eu-west': 1900 });
const now = new Date(Date.UTC(2026, 10, 22));
const orderId = 'o-1';
let n = 0;

function inSet(fact: Omit<BillingFact, 'eventId' | 'orderId'>, detail?: string): FactInSet {
  const eventId = `e-${++n}`;
  return {
    fact: { ...fact, eventId, orderId } as BillingFact,
    origin: { causationId: eventId, tenant: 'acme', region: 'eu-west', by: 'carrier', detail },
    traceparent: `tp-${eventId}`,
  };
}

const released = inSet({
  type: 'OrderReleased',
  customerId: 'c',
  currency: 'EUR',
  region: 'eu-west',
  lines: [{ lineNo: 1, sku: 'A', quantity: 1, unitPriceMinor: 100, currency: 'EUR' }],
} as never);
const milestone = (type: BillingFact['type'], at: number, detail?: string) =>
  inSet({ type, shipmentId: 's', classifier: 'ACTUAL', milestoneAt: at } as never, detail);
const freight = inSet({
  type: 'FreightCostConfirmed',
  amountMinor: 10,
  currency: 'EUR',
  occurredAt: 5,
} as never);

function fold(order: OrderInSet, ...facts: FactInSet[]) {
  const set: SetFold = { taxes, now, events: [], issuances: [] };
  for (const f of facts) order.apply(f, set);
  return set;
}

describe('an order folded over its facts of one set', () => {
  it('writes a hold placed and released within the set as one released row', () => {
    const order = new OrderInSet(openBillingCase(orderId), null, []);
    fold(
      order,
      released,
      milestone('CustomsHoldRaised', 10, 'inspection'),
      milestone('CustomsCleared', 20),
    );
    expect(order.released()).toEqual([]);
    expect(order.placed()).toEqual([
      expect.objectContaining({
        id: null,
        reason: 'CUSTOMS_HOLD',
        detail: 'inspection',
        placedBy: 'carrier',
        releasedAt: now,
        releasedBy: 'carrier',
      }),
    ]);
  });

  it('releases a standing row it loaded, and announces the hold with that row detail', () => {
    const earlier = new OrderInSet(openBillingCase(orderId), null, []);
    fold(earlier, released, milestone('CustomsHoldRaised', 10, 'from before'));
    const standing: HoldRow = { ...earlier.placed()[0], id: '7' };
    const order = new OrderInSet(earlier.state, earlier.invoice, [standing]);
    const { events } = fold(order, milestone('ShipmentDelivered', 30));
    expect(events.map((e) => e().event)).toEqual([
      expect.objectContaining({ reason: 'UNKNOWN', detail: 'CUSTOMS_HOLD: from before' }),
    ]);
    fold(order, milestone('CustomsCleared', 40));
    expect(order.released()).toEqual([expect.objectContaining({ id: '7', releasedAt: now })]);
    expect(order.placed()).toEqual([]);
  });

  it('builds its events once the set numbered its invoices, each with its traceparent', () => {
    const order = new OrderInSet(openBillingCase(orderId), null, []);
    const delivery = milestone('ShipmentDelivered', 30);
    const cancel = inSet({ type: 'OrderCancelled' } as never);
    const { events, issuances } = fold(order, released, freight, delivery, cancel);
    expect(issuances).toEqual([expect.objectContaining({ eventId: delivery.fact.eventId })]);
    issuances[0].invoice.invoiceNumber = 'INV-2026-000042';
    const built = events.map((e) => e());
    expect(built.map((e) => [e.eventType, e.traceparent])).toEqual([
      ['InvoiceIssued', delivery.traceparent],
      ['ExceptionRaised', cancel.traceparent],
    ]);
    expect(built[0].event).toMatchObject({ invoiceNumber: 'INV-2026-000042', totalMinor: 131 });
    expect((built[1].event as { details: string }).details).toContain('INV-2026-000042');
    expect(order.invoice).toMatchObject({ status: 'ISSUED', invoiceNumber: 'INV-2026-000042' });
  });

  it('waits for the order data without changing the case', () => {
    const order = new OrderInSet(openBillingCase(orderId), null, []);
    const before = order.state;
    expect(() => fold(order, milestone('ShipmentDelivered', 30))).toThrow(PrerequisiteMissingError);
    expect(order.state).toBe(before);
    expect(order.invoice).toBeNull();
  });
});
