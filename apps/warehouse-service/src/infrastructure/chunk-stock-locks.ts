import type { OrderCancelledV1, OrderReleasedV1 } from '@logisync/canonical-events';
import type { ChunkEvent } from '@logisync/event-runtime';
import type { EntityManager } from 'typeorm';
import { stockGate } from './stock-gate';

/** The SKUs a chunk's handlers lock positions of: allocations and releases. */
async function skusTouchedBy(tx: EntityManager, events: readonly ChunkEvent[]): Promise<string[]> {
  const skus = new Set<string>();
  const cancelled: string[] = [];
  for (const { eventType, event } of events) {
    if (eventType === 'OrderReleased') {
      for (const line of (event as OrderReleasedV1).lines) skus.add(line.sku);
    } else if (eventType === 'OrderCancelled') {
      cancelled.push((event as OrderCancelledV1).orderId);
    }
  }
  if (cancelled.length > 0) {
    // A release gives back the allocated lines, a subset of the lines the order was released with.
    // Compared as text: an id that is no uuid matches nothing instead of failing the chunk.
    const rows: { sku: string }[] = await tx.query(
      `SELECT DISTINCT line->>'sku' AS sku
         FROM warehouse_order, jsonb_array_elements(lines) AS line
        WHERE order_id::text = ANY($1::text[])`,
      [cancelled],
    );
    for (const { sku } of rows) skus.add(sku);
  }
  return [...skus];
}

/**
 * The warehouse's chunk hook. Allocations and releases lock stock positions SKU by SKU, handler
 * by handler; two chunks of different partitions taking overlapping SKUs in different orders
 * deadlocked, so the consumer ran one partition at a time. Here a chunk takes, before any
 * handler, the shared stock gate and every position of every SKU its handlers will touch, in all
 * warehouses, in one statement in (warehouse, SKU) order: the order `lockBook` uses. Concurrent
 * chunks then queue on the first position they share instead of deadlocking.
 */
export async function lockChunkStock(
  tx: EntityManager,
  events: readonly ChunkEvent[],
): Promise<void> {
  const skus = await skusTouchedBy(tx, events);
  if (skus.length === 0) return;
  await stockGate.shared(tx);
  await tx.query(
    `SELECT 1 FROM inventory_position WHERE sku = ANY($1::text[])
      ORDER BY warehouse_id, sku FOR UPDATE`,
    [skus],
  );
}
