import type { DataSource } from 'typeorm';
import { OutboxWriter, type OutboxEntry } from '../../src';
import { orderEvent } from './order-events';
import type { RuntimeFixture } from './runtime-fixture';

/**
 * Writes `transactions` business transactions of `perTransaction` OrderHeld events each, the
 * events of one order carrying an increasing sequence in `detail`.
 */
export async function fillOutbox(
  fixture: RuntimeFixture,
  {
    orders,
    transactions,
    perTransaction,
  }: { orders: string[]; transactions: number; perTransaction: number },
): Promise<void> {
  const writer = new OutboxWriter(fixture.codec, 'order-service', fixture.topic);
  const sequence = new Map<string, number>();
  for (let t = 0; t < transactions; t++) {
    const orderId = orders[t % orders.length];
    const entries: OutboxEntry[] = [];
    for (let i = 0; i < perTransaction; i++) {
      const seq = sequence.get(orderId) ?? 0;
      sequence.set(orderId, seq + 1);
      const event = orderEvent('OrderHeld', orderId);
      (event as { detail?: unknown }).detail = String(seq);
      entries.push({ eventType: 'OrderHeld', event });
    }
    await fixture.dataSource.transaction((tx) => writer.addAll(tx, entries));
  }
}

/** Rows in the outbox: not yet acknowledged by the broker, or sent and within the relay's linger. */
export async function unpublished(ds: DataSource): Promise<number> {
  const rows: { n: number }[] = await ds.query('SELECT count(*)::int AS n FROM outbox_message');
  return rows[0].n;
}
