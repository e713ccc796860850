import { Allocation } from './allocation';
import { InventoryBook, issueLines, releaseLines } from './inventory-book';
import { SkuQuantity } from './quantity';
import { WarehouseError } from './warehouse-errors';

/** OrderCancelled before loading: every allocated unit returns to available; on-hand is untouched. */
export function releaseAllocation(book: InventoryBook, allocation: Allocation): InventoryBook {
  return releaseLines(book, allocation.warehouseId, allocation.lines);
}

/**
 * Goods issue on loading. Only picked units leave; units allocated but not picked (a short
 * pick) are released, because the short-pick exception sends someone to count the location
 * and the order must not keep holding stock it will never ship.
 */
export function issueGoodsOnLoad(
  book: InventoryBook,
  allocation: Allocation,
  picked: readonly SkuQuantity[],
): InventoryBook {
  const pickedBySku = new Map(picked.map((l) => [l.sku, l.quantity]));
  for (const sku of pickedBySku.keys()) {
    if (!allocation.lines.some((l) => l.sku === sku)) {
      throw new WarehouseError('WAREHOUSE.UNKNOWN_SKU', `${sku} is not allocated to the order`, {
        orderId: allocation.orderId,
        sku,
      });
    }
  }
  const issued = allocation.lines
    .map((l) => ({ sku: l.sku, quantity: Math.min(l.quantity, pickedBySku.get(l.sku) ?? 0) }))
    .filter((l) => l.quantity > 0);
  const unpicked = allocation.lines
    .map((l) => ({ sku: l.sku, quantity: l.quantity - (pickedBySku.get(l.sku) ?? 0) }))
    .filter((l) => l.quantity > 0);
  const afterIssue = issueLines(book, allocation.warehouseId, issued);
  return releaseLines(afterIssue, allocation.warehouseId, unpicked);
}
