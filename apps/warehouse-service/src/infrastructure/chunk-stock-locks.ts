import type { OrderCancelledV1, OrderReleasedV1 } from '@logisync/canonical-events';
import type { ChunkEvent } from '@logisync/event-runtime';
import type { EntityManager } from 'typeorm';
import { stockGate } from './stock-gate';
import { uuidKeys } from './uuid-key';

/**
 * The warehouse's chunk hook. Allocations and releases lock stock positions; two transactions of
 * different partitions taking overlapping SKUs in different orders deadlocked, so the consumer
 * ran one partition at a time. Here a transaction takes, before its handler, the shared stock
 * gate and every position of every SKU its events touch (the lines of released orders, the
 * lines of cancelled ones, whose allocation is a subset), in all warehouses, in (warehouse, SKU)
 * order: the order every stock read of the service locks in. Concurrent transactions then queue
 * on the first position they share instead of deadlocking. One statement: the gate is a
 * condition naming no column, evaluated before the scan; an id of a cancelled order that is no
 * uuid is left out (it matches no order) instead of failing the transaction.
 */
export async function lockChunkStock(
  tx: EntityManager,
  events: readonly ChunkEvent[],
): Promise<void> {
  const skus = new Set<string>();
  const cancelled: string[] = [];
  for (const { eventType, event } of events) {
    if (eventType === 'OrderReleased') {
      for (const line of (event as OrderReleasedV1).lines) skus.add(line.sku);
    } else if (eventType === 'OrderCancelled') {
      cancelled.push((event as OrderCancelledV1).orderId);
    }
  }
  if (skus.size === 0 && cancelled.length === 0) return;
  await tx.query(
    `SELECT 1 FROM inventory_position
      WHERE ${stockGate.sharedCondition}
        AND (sku = ANY($1::text[]) OR sku IN (
          SELECT line->>'sku' FROM warehouse_order, jsonb_array_elements(lines) AS line
          WHERE order_id = ANY($2::uuid[])))
      ORDER BY warehouse_id, sku FOR UPDATE`,
    [[...skus], uuidKeys(cancelled)],
  );
}
