import { Allocation, Warehouse } from './allocation';
import { allocateOrder } from './allocate-order';
import {
  BackorderEntry,
  BackorderPolicy,
  BackorderQueue,
  compareBackorders,
  defaultBackorderPolicy,
  isStarving,
} from './backorder-queue';
import { InventoryBook } from './inventory-book';

export interface RetryResult {
  readonly book: InventoryBook;
  readonly allocations: readonly Allocation[];
  readonly queue: BackorderQueue;
}

/**
 * One pass after a receipt. Fairness rule: walk the queue in rank order (EXPRESS, then
 * oldest) and allocate EVERY entry that fits now, so a big order that does not fit never
 * blocks smaller ones behind it. To keep that big order from starving while small orders eat
 * every receipt, the highest-ranked starving entry (skipped `starvationThreshold` passes) holds
 * its SKUs: lower-ranked entries sharing a SKU with it wait. The hold expires after
 * `maxHoldPasses` passes and the entry's counters restart, so an order that can never fit
 * delays others for a bounded number of passes, never forever.
 */
export function retryBackorders(
  book: InventoryBook,
  warehouses: readonly Warehouse[],
  queue: BackorderQueue,
  policy: BackorderPolicy = defaultBackorderPolicy,
): RetryResult {
  let current = book;
  const allocations: Allocation[] = [];
  const remaining: BackorderEntry[] = [];
  let heldSkus: ReadonlySet<string> = new Set();
  for (const entry of [...queue].sort(compareBackorders)) {
    const skus = entry.order.lines.map((l) => l.sku);
    if (skus.some((sku) => heldSkus.has(sku))) {
      remaining.push(skipped(entry));
      continue;
    }
    const { book: next, outcome } = allocateOrder(current, warehouses, entry.order);
    if (outcome.kind === 'ALLOCATED') {
      current = next;
      allocations.push(outcome.allocation);
      continue;
    }
    const isFirstStarving = heldSkus.size === 0 && isStarving(entry, policy);
    if (isFirstStarving) heldSkus = new Set(skus);
    remaining.push(isFirstStarving ? holding(entry, policy) : skipped(entry));
  }
  return { book: current, allocations, queue: remaining };
}

function skipped(entry: BackorderEntry): BackorderEntry {
  return { ...entry, skippedPasses: entry.skippedPasses + 1 };
}

function holding(entry: BackorderEntry, policy: BackorderPolicy): BackorderEntry {
  const heldPasses = entry.heldPasses + 1;
  return heldPasses >= policy.maxHoldPasses
    ? { ...entry, skippedPasses: 0, heldPasses: 0 }
    : { ...entry, heldPasses };
}
