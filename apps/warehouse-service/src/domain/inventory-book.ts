import {
  allocateStock,
  availableOf,
  emptyPosition,
  InventoryPosition,
  issueStock,
  receiveStock,
  releaseStock,
} from './inventory-position';
import { Quantity, SkuQuantity } from './quantity';

/**
 * Every inventory position, keyed by warehouse and SKU. Immutable: each operation returns a
 * new book, so a multi-line change either applies whole or (on a thrown error) not at all.
 */
export type InventoryBook = ReadonlyMap<string, InventoryPosition>;

export const emptyInventoryBook: InventoryBook = new Map();

function keyOf(warehouseId: string, sku: string): string {
  return `${warehouseId}\u0000${sku}`;
}

export function inventoryBookOf(positions: readonly InventoryPosition[]): InventoryBook {
  return new Map(positions.map((p) => [keyOf(p.warehouseId, p.sku), p]));
}

export function positionOf(
  book: InventoryBook,
  warehouseId: string,
  sku: string,
): InventoryPosition {
  return book.get(keyOf(warehouseId, sku)) ?? emptyPosition(warehouseId, sku);
}

export function availableIn(book: InventoryBook, warehouseId: string, sku: string): Quantity {
  return availableOf(positionOf(book, warehouseId, sku));
}

type PositionChange = (position: InventoryPosition, quantity: Quantity) => InventoryPosition;

function applyToLines(
  book: InventoryBook,
  warehouseId: string,
  lines: readonly SkuQuantity[],
  change: PositionChange,
): InventoryBook {
  const next = new Map(book);
  for (const line of lines) {
    const current = next.get(keyOf(warehouseId, line.sku)) ?? emptyPosition(warehouseId, line.sku);
    next.set(keyOf(warehouseId, line.sku), change(current, line.quantity));
  }
  return next;
}

export function receiveLines(b: InventoryBook, warehouseId: string, lines: readonly SkuQuantity[]) {
  return applyToLines(b, warehouseId, lines, receiveStock);
}

export function allocateLines(
  b: InventoryBook,
  warehouseId: string,
  lines: readonly SkuQuantity[],
) {
  return applyToLines(b, warehouseId, lines, allocateStock);
}

export function releaseLines(b: InventoryBook, warehouseId: string, lines: readonly SkuQuantity[]) {
  return applyToLines(b, warehouseId, lines, releaseStock);
}

export function issueLines(b: InventoryBook, warehouseId: string, lines: readonly SkuQuantity[]) {
  return applyToLines(b, warehouseId, lines, issueStock);
}
