import { Allocation, AllocationOutcome, OrderToAllocate, ShortLine, Warehouse } from './allocation';
import { allocateLines, availableIn, InventoryBook } from './inventory-book';
import { mergeSkuQuantities, SkuQuantity } from './quantity';

/**
 * Warehouse choice: only a warehouse that can fill EVERY line qualifies (no split shipments).
 * Among those, one in the order's region wins; then the most total available units of the
 * order's SKUs (keeps small warehouses from being drained first); then the smallest id, so the
 * same stock always gives the same answer (replays and rebuilds agree).
 */
export function allocateOrder(
  book: InventoryBook,
  warehouses: readonly Warehouse[],
  order: OrderToAllocate,
): { book: InventoryBook; outcome: AllocationOutcome } {
  const lines = mergeSkuQuantities(order.lines);
  const ranked = rankWarehouses(book, warehouses, order.region, lines);
  const chosen = ranked.find((w) => shortLinesIn(book, w.id, lines).length === 0);
  if (chosen) {
    const allocation: Allocation = { orderId: order.orderId, warehouseId: chosen.id, lines };
    return {
      book: allocateLines(book, chosen.id, lines),
      outcome: { kind: 'ALLOCATED', allocation },
    };
  }
  return { book, outcome: shortageOf(book, ranked, order.orderId, lines) };
}

function rankWarehouses(
  book: InventoryBook,
  warehouses: readonly Warehouse[],
  region: string,
  lines: readonly SkuQuantity[],
): Warehouse[] {
  const total = (w: Warehouse) => lines.reduce((s, l) => s + availableIn(book, w.id, l.sku), 0);
  const inRegion = (w: Warehouse) => (w.region === region ? 0 : 1);
  return [...warehouses].sort(
    (a, b) => inRegion(a) - inRegion(b) || total(b) - total(a) || compareIds(a.id, b.id),
  );
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function shortLinesIn(
  book: InventoryBook,
  warehouseId: string,
  lines: readonly SkuQuantity[],
): ShortLine[] {
  return lines
    .map((line) => {
      const quantityAvailable = Math.max(0, availableIn(book, warehouseId, line.sku));
      const quantityShort = Math.max(0, line.quantity - quantityAvailable);
      return { sku: line.sku, quantityRequested: line.quantity, quantityAvailable, quantityShort };
    })
    .filter((line) => line.quantityShort > 0);
}

/**
 * The short lines are reported against the closest warehouse: fewest units short, then the
 * same ranking as the choice. A buyer reading AllocationFailed learns what one receipt would
 * let the order ship, not a sum over warehouses the order cannot be split across.
 */
function shortageOf(
  book: InventoryBook,
  ranked: readonly Warehouse[],
  orderId: string,
  lines: readonly SkuQuantity[],
): AllocationOutcome {
  const unitsShort = (id: string) =>
    shortLinesIn(book, id, lines).reduce((s, l) => s + l.quantityShort, 0);
  const closest = ranked.reduce<Warehouse | null>(
    (best, w) => (best === null || unitsShort(w.id) < unitsShort(best.id) ? w : best),
    null,
  );
  const shortLines = closest
    ? shortLinesIn(book, closest.id, lines)
    : lines.map((l) => ({
        sku: l.sku,
        quantityRequested: l.quantity,
        quantityAvailable: 0,
        quantityShort: l.quantity,
      }));
  return {
    kind: 'SHORTAGE',
    orderId,
    reason: 'SHORTAGE',
    closestWarehouseId: closest?.id ?? null,
    shortLines,
  };
}
