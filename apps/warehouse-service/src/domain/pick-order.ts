import { FloorWork, shouldApply } from './floor-work';
import { assertQuantity, Quantity } from './quantity';
import { WarehouseError } from './warehouse-errors';

export interface PickedLine {
  readonly sku: string;
  readonly quantityPicked: Quantity;
}

export interface ShortPickLine {
  readonly sku: string;
  readonly quantityAllocated: Quantity;
  readonly quantityPicked: Quantity;
  readonly quantityShort: Quantity;
}

/** What the application turns into ExceptionRaised(SHORT_PICK); ids and SLA clocks are its job. */
export interface ShortPickException {
  readonly type: 'SHORT_PICK';
  readonly severity: 'MEDIUM';
  readonly orderId: string;
  readonly warehouseId: string;
  readonly lines: readonly ShortPickLine[];
}

export interface PickResult {
  readonly work: FloorWork;
  readonly applied: boolean;
  readonly exception: ShortPickException | null;
}

/**
 * Short-pick rule: fewer units than allocated (a line left out counts as zero) is accepted, so
 * the order can still ship what was found; the work is flagged and an exception raised. More
 * than allocated, or a SKU not allocated, is refused: those units were never reserved.
 */
export function pickOrder(work: FloorWork, lines: readonly PickedLine[]): PickResult {
  if (!shouldApply(work, 'PICKED')) return { work, applied: false, exception: null };
  const reported = pickedBySku(work, lines);
  const picked = work.allocation.lines.map((l) => ({
    sku: l.sku,
    quantity: reported.get(l.sku) ?? 0,
  }));
  const shortLines = work.allocation.lines
    .map((l) => {
      const quantityPicked = reported.get(l.sku) ?? 0;
      const quantityShort = l.quantity - quantityPicked;
      return { sku: l.sku, quantityAllocated: l.quantity, quantityPicked, quantityShort };
    })
    .filter((l) => l.quantityShort > 0);
  const shortPicked = shortLines.length > 0;
  const exception: ShortPickException | null = shortPicked
    ? {
        type: 'SHORT_PICK',
        severity: 'MEDIUM',
        orderId: work.orderId,
        warehouseId: work.allocation.warehouseId,
        lines: shortLines,
      }
    : null;
  return { work: { ...work, status: 'PICKED', picked, shortPicked }, applied: true, exception };
}

function pickedBySku(work: FloorWork, lines: readonly PickedLine[]): Map<string, Quantity> {
  const allocated = new Map(work.allocation.lines.map((l) => [l.sku, l.quantity]));
  const totals = new Map<string, Quantity>();
  for (const line of lines) {
    assertQuantity(line.quantityPicked, `quantityPicked of ${line.sku}`);
    const limit = allocated.get(line.sku);
    if (limit === undefined) {
      throw new WarehouseError('WAREHOUSE.UNKNOWN_SKU', `${line.sku} is not allocated`, {
        orderId: work.orderId,
        sku: line.sku,
      });
    }
    const total = (totals.get(line.sku) ?? 0) + line.quantityPicked;
    if (total > limit) {
      throw new WarehouseError(
        'WAREHOUSE.OVER_PICK',
        `${total} of ${line.sku} picked, ${limit} allocated`,
        {
          orderId: work.orderId,
          sku: line.sku,
          quantityPicked: total,
          quantityAllocated: limit,
        },
      );
    }
    totals.set(line.sku, total);
  }
  return totals;
}
