import { waitFor } from '@logisync/test-kit';
import { randomUUID } from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import { ApplyBillingEventsHandler } from '../src/application/apply-billing-events/apply-billing-events.handler';
import { parseInvoiceNumber } from '../src/domain';
import { startBillingService, type BillingServiceFixture } from './support/billing-service.fixture';
import { delivered, eventBus, freight, milestone, orderReleased, at } from './support/events';

/**
 * Many orders' events published while the consumer is paused, so that it applies them in few
 * transactions: a poison event (an order whose region has no tax rate), a delivery whose order
 * data is not there yet (it parks), a customs hold and a repeated delivery among them. The relay
 * is off: the consumer's transactions are the only ones that touch billing's tables, and the
 * events they emit stay in the outbox to be read back.
 */
let service: BillingServiceFixture;
let bus: Awaited<ReturnType<typeof eventBus>>;

/** The statements of each transaction, by the connection that sent them. */
interface Transaction {
  statements: string[];
  /** Events the set handler got in it (one entry per call). */
  setSizes: number[];
  ended?: 'COMMIT' | 'ROLLBACK';
}
const transactions: Transaction[] = [];
const open = new Map<QueryRunner | undefined, Transaction>();

beforeAll(async () => {
  service = await startBillingService('billing-event-set', {}, undefined, (runtime) => ({
    ...runtime,
    relay: { enabled: false },
  }));
  service.dataSource.subscribers.push({
    beforeQuery({ query, queryRunner }) {
      const sql = query.replace(/\s+/g, ' ').trim();
      if (sql === 'START TRANSACTION') {
        const tx: Transaction = { statements: [], setSizes: [] };
        open.set(queryRunner, tx);
        transactions.push(tx);
      }
      const tx = open.get(queryRunner);
      if (!tx) return;
      tx.statements.push(sql);
      if (sql === 'COMMIT' || sql === 'ROLLBACK') {
        tx.ended = sql;
        open.delete(queryRunner);
      }
    },
  });
  // A probe on the set handler: how many events each call got, in which transaction.
  const handler = service.app.get(ApplyBillingEventsHandler);
  const execute = handler.execute.bind(handler);
  handler.execute = (tx, facts) => {
    open.get(tx.queryRunner)?.setSizes.push(facts.length);
    return execute(tx, facts);
  };
  bus = await eventBus(service);
});

afterAll(async () => {
  await bus?.close();
  await service?.close();
});

async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  return service.dataSource.query(sql, params);
}

async function outcomeOf(eventId: string): Promise<string | undefined> {
  const [row] = await query<{ outcome: string }>(
    'SELECT outcome FROM processed_event WHERE event_id = $1',
    [eventId],
  );
  return row?.outcome;
}

describe('billing applies a transaction of many orders as one set', () => {
  it('issues, holds, parks, dead-letters and deduplicates with a bounded number of statements', async () => {
    const orders = Array.from({ length: 40 }, () => randomUUID());
    const poison = randomUUID();
    const parked = randomUUID();
    const held = randomUUID();
    const repeated = delivered(orders[5]);
    const poisonEvents = [
      { ...orderReleased(poison), region: 'mars' },
      delivered(poison),
      freight(poison),
    ];
    const parkedDelivery = delivered(parked);
    const hold = milestone('CustomsHoldRaised', held, 20, 'transport-service', {
      classifier: 'ACTUAL',
      shipmentId: `shp-${held}`,
      milestoneAt: at(20),
      holdReason: 'inspection',
      customsReference: 'C-1',
    });

    const publishOrder = async (orderId: string) => {
      await bus.publish('order-service', 'OrderReleased', orderReleased(orderId));
      const delivery = orderId === orders[5] ? repeated : delivered(orderId);
      await bus.publish('transport-service', 'ShipmentDelivered', delivery);
      await bus.publish('transport-service', 'FreightCostConfirmed', freight(orderId));
    };
    await service.http.post('/admin/consumer/pause', {});
    for (const orderId of orders.slice(0, 20)) await publishOrder(orderId);
    await bus.publish('order-service', 'OrderReleased', poisonEvents[0]);
    await bus.publish('transport-service', 'ShipmentDelivered', poisonEvents[1]);
    await bus.publish('transport-service', 'FreightCostConfirmed', poisonEvents[2]);
    await bus.publish('transport-service', 'FreightCostConfirmed', freight(parked, 999));
    await bus.publish('transport-service', 'ShipmentDelivered', parkedDelivery);
    await bus.publish('order-service', 'OrderReleased', orderReleased(held));
    await bus.publish('transport-service', 'CustomsHoldRaised', hold);
    await bus.publish('transport-service', 'ShipmentDelivered', delivered(held));
    await bus.publish('transport-service', 'FreightCostConfirmed', freight(held));
    await bus.publish('transport-service', 'ShipmentDelivered', repeated);
    for (const orderId of orders.slice(20)) await publishOrder(orderId);
    const published = orders.length * 3 + poisonEvents.length + 2 + 4 + 1;
    await service.http.post('/admin/consumer/resume', {});

    // In the inbox: every event but the repeated copy and the parked delivery.
    await waitFor(
      async () => {
        const [row] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM processed_event`);
        return row.n === published - 2 ? true : undefined;
      },
      { description: 'every event recorded in the inbox', timeoutMs: 60_000 },
    );
    const applied = transactions.filter((t) => t.setSizes.length > 0);

    // Every complete order invoiced once, numbered without a gap in the set's order.
    const issued = await query<{ order_id: string; invoice_number: string; total_minor: string }>(
      `SELECT order_id, invoice_number, total_minor FROM invoice WHERE status = 'ISSUED'`,
    );
    expect(issued.map((i) => i.order_id).sort()).toEqual([...orders].sort());
    const sequences = issued.map((i) => parseInvoiceNumber(i.invoice_number).sequence);
    expect(sequences.sort((a, b) => a - b)).toEqual(orders.map((_, i) => i + 1));

    // The poison event dead-lettered alone; its order never invoiced.
    const poisonOutcomes = await Promise.all(poisonEvents.map((e) => outcomeOf(e.meta.eventId)));
    expect(poisonOutcomes.filter((o) => o === 'dead_lettered')).toHaveLength(1);
    expect(
      await query('SELECT 1 FROM invoice WHERE order_id = $1 AND invoice_number IS NOT NULL', [
        poison,
      ]),
    ).toEqual([]);

    // The customs hold holds the delivered order, with its hold history row (its detail and
    // who placed it depend on whether the order data came before the hold in the set).
    const [heldInvoice] = await query<{ status: string; holds: string[] }>(
      'SELECT status, holds FROM invoice WHERE order_id = $1',
      [held],
    );
    expect(heldInvoice).toEqual({ status: 'HELD', holds: ['CUSTOMS_HOLD'] });
    expect(
      await query('SELECT reason, released_at FROM invoice_hold WHERE order_id = $1', [held]),
    ).toEqual([{ reason: 'CUSTOMS_HOLD', released_at: null }]);

    // The delivery without its order data parks, and is invoiced once OrderReleased arrives.
    const [parking] = await query<{ awaiting_event_type: string; awaiting_key: string }>(
      'SELECT awaiting_event_type, awaiting_key FROM parked_event WHERE event_id = $1',
      [parkedDelivery.meta.eventId],
    );
    expect(parking).toEqual({ awaiting_event_type: 'OrderReleased', awaiting_key: parked });

    // The events emitted, read back from the outbox.
    const emitted = await emittedEvents();
    const issuedEvents = emitted.filter((e) => e.eventType === 'InvoiceIssued');
    expect(issuedEvents.map((e) => e.key).sort()).toEqual([...orders].sort());
    for (const e of issuedEvents) {
      const invoice = issued.find((i) => i.order_id === e.key)!;
      expect(e.event).toMatchObject({
        orderId: e.key,
        invoiceNumber: invoice.invoice_number,
        totalMinor: Number(invoice.total_minor),
      });
      expect(e.event.meta).toMatchObject({ correlationId: e.key, producer: 'billing-service' });
    }
    const heldEvents = emitted.filter((e) => e.eventType === 'InvoiceHeld');
    expect(heldEvents).toHaveLength(1);
    expect(heldEvents[0].event).toMatchObject({ orderId: held, reason: 'UNKNOWN' });
    expect(heldEvents[0].event.detail).toMatch(/^CUSTOMS_HOLD/);
    expect(emitted).toHaveLength(orders.length + 1);

    // Statements: a constant per set, whatever the number of events in it.
    const report = applied.map((t) => ({
      events: t.setSizes.reduce((a, b) => a + b, 0),
      statements: t.statements.length,
      ended: t.ended,
    }));
    const events = report.reduce((sum, r) => sum + r.events, 0);
    const statements = report.reduce((sum, r) => sum + r.statements, 0);
    console.log(
      `${published} events published, applied in ${report.length} transactions ` +
        `(set handler calls, statements, outcome): ${JSON.stringify(report)}; ` +
        `${statements} statements for ${events} events handed to the set handler, ` +
        `${(statements / events).toFixed(2)} per event; the committed one's:\n` +
        applied
          .filter((t) => t.ended === 'COMMIT')
          .flatMap((t) => t.statements.map((sql, i) => `  ${i + 1}. ${sql.slice(0, 110)}`))
          .join('\n'),
    );
    for (const t of applied) {
      expect(t.statements.length).toBeLessThanOrEqual(perSetBound);
    }

    // The parked delivery's order arrives: the invoice follows in that transaction.
    await bus.publish('order-service', 'OrderReleased', orderReleased(parked));
    const [late] = await waitFor(
      async () => {
        const rows = await query<{ invoice_number: string; freight_minor: string }>(
          `SELECT invoice_number, freight_minor FROM invoice WHERE order_id = $1 AND status = 'ISSUED'`,
          [parked],
        );
        return rows.length === 1 ? rows : undefined;
      },
      { description: 'the parked order invoiced', timeoutMs: 60_000 },
    );
    expect(parseInvoiceNumber(late.invoice_number).sequence).toBe(orders.length + 1);
    expect(Number(late.freight_minor)).toBe(999);
    expect(
      await query('SELECT 1 FROM parked_event WHERE event_id = $1', [parkedDelivery.meta.eventId]),
    ).toEqual([]);
    expect(await outcomeOf(repeated.meta.eventId)).toBe('applied');
  }, 120_000);
});

/**
 * At most this many statements per transaction: the runtime's own (begin, inbox, parked lookup,
 * commit) and one per billing table the set writes, however many events it holds.
 */
const perSetBound = 16;

async function emittedEvents() {
  const rows = await query<{ key: string; event_type: string; payload: Buffer }>(
    'SELECT key, event_type, payload FROM outbox_message ORDER BY id',
  );
  return Promise.all(
    rows.map(async (row) => {
      const { event } = await service.codec.decode(row.payload);
      return {
        key: row.key,
        eventType: row.event_type,
        event: event as unknown as Record<string, unknown> & { meta: Record<string, unknown> },
      };
    }),
  );
}
