import {
  EventInSetError,
  NonRetriableError,
  PrerequisiteMissingError,
} from '@logisync/event-runtime';
import { randomUUID } from 'node:crypto';
import { ApplyBillingEventsHandler } from '../src/application/apply-billing-events/apply-billing-events.handler';
import type { FactInSet } from '../src/application/apply-billing-events/order-in-set';
import { parseInvoiceNumber, type BillingFact } from '../src/domain';
import { openBillingDataSource } from '../src/infrastructure/data-source';
import { startBillingService, type BillingServiceFixture } from './support/billing-service.fixture';
import { orderLines } from './support/events';

/** The set handler on the real PostgreSQL, called with sets the tests build. */
let service: BillingServiceFixture;
let handler: ApplyBillingEventsHandler;

beforeAll(async () => {
  service = await startBillingService('billing-apply-set', { invoiceSeries: 'SET' });
  handler = service.app.get(ApplyBillingEventsHandler);
});

afterAll(async () => {
  await service?.close();
});

const origin = { causationId: null, tenant: 'acme', region: 'eu-west', by: 'test' };

function inSet(fact: BillingFact): FactInSet {
  return { fact, origin: { ...origin, causationId: fact.eventId } };
}

const released = (orderId: string, region = 'eu-west') =>
  inSet({
    type: 'OrderReleased',
    eventId: randomUUID(),
    orderId,
    customerId: 'cust-1',
    currency: 'EUR',
    region,
    lines: orderLines,
  });
const freight = (orderId: string) =>
  inSet({
    type: 'FreightCostConfirmed',
    eventId: randomUUID(),
    orderId,
    amountMinor: 500,
    currency: 'EUR',
    occurredAt: Date.UTC(2026, 10, 20),
  });
const delivery = (orderId: string) =>
  inSet({
    type: 'ShipmentDelivered',
    eventId: randomUUID(),
    orderId,
    shipmentId: `shp-${orderId}`,
    classifier: 'ACTUAL',
    milestoneAt: Date.UTC(2026, 10, 21),
  });

function apply(facts: FactInSet[]) {
  return service.dataSource.transaction((tx) => handler.execute(tx, facts));
}

async function failureOf(facts: FactInSet[]): Promise<EventInSetError> {
  const error = await apply(facts).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EventInSetError);
  return error as EventInSetError;
}

async function invoiceOf(orderId: string) {
  const [row] = await service.dataSource.query(
    'SELECT status, invoice_number FROM invoice WHERE order_id = $1',
    [orderId],
  );
  return row as { status: string; invoice_number: string | null } | undefined;
}

describe('the billing set handler', () => {
  it('applies a delivery right after its OrderReleased later in the same set, as an unpark would', async () => {
    const orderId = randomUUID();
    const shipped = delivery(orderId);
    await apply([freight(orderId), shipped, released(orderId)]);
    expect(await invoiceOf(orderId)).toMatchObject({ status: 'ISSUED' });
    const [issued] = await service.dataSource.query(
      `SELECT headers FROM outbox_message WHERE key = $1 AND event_type = 'InvoiceIssued'`,
      [orderId],
    );
    expect(issued.headers['causation-id']).toBe(shipped.fact.eventId);
  });

  it('names a delivery whose order data is not in the set: it waits for OrderReleased', async () => {
    const orderId = randomUUID();
    const shipped = delivery(orderId);
    const error = await failureOf([released(randomUUID()), shipped]);
    expect(error.eventId).toBe(shipped.fact.eventId);
    expect(error.failure).toBeInstanceOf(PrerequisiteMissingError);
    expect(error.failure).toMatchObject({
      awaitingEventType: 'OrderReleased',
      awaitingKey: orderId,
    });
  });

  it('names the fact the billing rules reject, as never applicable', async () => {
    const orderId = randomUUID();
    const cost = freight(orderId);
    const error = await failureOf([
      released(randomUUID()),
      released(orderId, 'mars'),
      delivery(orderId),
      cost,
    ]);
    expect(error.eventId).toBe(cost.fact.eventId);
    expect(error.failure).toBeInstanceOf(NonRetriableError);
    expect(error.failure).toMatchObject({ code: 'BILLING.TAX_RATE_UNKNOWN' });
    expect(await invoiceOf(orderId)).toBeUndefined();
  });

  it('numbers concurrent sets without a gap, a rolled-back set giving its numbers back', async () => {
    const orders = Array.from({ length: 15 }, () => randomUUID());
    await apply(orders.flatMap((orderId) => [released(orderId), freight(orderId)]));
    // Five sets of three deliveries at once, each in its own transaction; two roll back.
    const wide = await openBillingDataSource(service.databaseUrl, 5);
    const results = await Promise.allSettled(
      [0, 1, 2, 3, 4].map((set) =>
        wide.transaction(async (tx) => {
          await handler.execute(
            tx,
            orders.slice(set * 3, set * 3 + 3).map((orderId) => delivery(orderId)),
          );
          if (set % 2 === 1) throw new Error(`set ${set} fails after numbering its invoices`);
        }),
      ),
    );
    await wide.destroy();
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(2);
    const numbers: { order_id: string; invoice_number: string }[] = await service.dataSource.query(
      'SELECT order_id, invoice_number FROM invoice WHERE order_id = ANY($1) AND invoice_number IS NOT NULL',
      [orders],
    );
    const sequences = numbers
      .map((n) => parseInvoiceNumber(n.invoice_number).sequence)
      .sort((a, b) => a - b);
    const before = sequences[0] - 1;
    expect(sequences).toEqual(Array.from({ length: 9 }, (_, i) => before + i + 1));
    const [counter] = await service.dataSource.query(
      `SELECT last_sequence FROM invoice_number_counter WHERE series = 'SET'`,
    );
    expect(counter.last_sequence).toBe(before + 9);
    // Each set numbers its invoices in set order.
    for (const set of [0, 2, 4]) {
      const own = orders.slice(set * 3, set * 3 + 3).map((orderId) => {
        const n = numbers.find((row) => row.order_id === orderId)!;
        return parseInvoiceNumber(n.invoice_number).sequence;
      });
      expect(own).toEqual([own[0], own[0] + 1, own[0] + 2]);
    }
  });
});
