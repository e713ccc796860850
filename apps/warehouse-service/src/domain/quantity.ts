import { WarehouseError } from './warehouse-errors';

/** Units of a SKU; always a non-negative integer (each, not kilograms). */
export type Quantity = number;

export interface SkuQuantity {
  readonly sku: string;
  readonly quantity: Quantity;
}

export function assertQuantity(quantity: number, what: string): void {
  if (!Number.isSafeInteger(quantity) || quantity < 0) {
    throw new WarehouseError(
      'WAREHOUSE.INVALID_QUANTITY',
      `${what} must be a non-negative integer, got ${quantity}`,
      { what, quantity },
    );
  }
}

export function assertPositiveQuantity(quantity: number, what: string): void {
  assertQuantity(quantity, what);
  if (quantity === 0) {
    throw new WarehouseError('WAREHOUSE.INVALID_QUANTITY', `${what} must be positive`, {
      what,
      quantity,
    });
  }
}

/** Sums lines of the same SKU so that a repeated SKU cannot be allocated twice as if distinct. */
export function mergeSkuQuantities(lines: readonly SkuQuantity[]): SkuQuantity[] {
  const totals = new Map<string, number>();
  for (const line of lines) {
    assertPositiveQuantity(line.quantity, `quantity of ${line.sku}`);
    totals.set(line.sku, (totals.get(line.sku) ?? 0) + line.quantity);
  }
  return [...totals.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([sku, quantity]) => ({ sku, quantity }));
}
