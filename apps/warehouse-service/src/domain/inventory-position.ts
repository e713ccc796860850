import { assertPositiveQuantity, Quantity } from './quantity';
import { WarehouseError } from './warehouse-errors';

/**
 * Stock of one SKU in one warehouse. `received` and `shipped` are running totals kept so
 * conservation (onHand + shipped = received) can be checked on every position at any time.
 */
export interface InventoryPosition {
  readonly warehouseId: string;
  readonly sku: string;
  readonly onHand: Quantity;
  readonly allocated: Quantity;
  readonly received: Quantity;
  readonly shipped: Quantity;
}

export function emptyPosition(warehouseId: string, sku: string): InventoryPosition {
  return { warehouseId, sku, onHand: 0, allocated: 0, received: 0, shipped: 0 };
}

export function availableOf(position: InventoryPosition): Quantity {
  return position.onHand - position.allocated;
}

export function receiveStock(position: InventoryPosition, quantity: Quantity): InventoryPosition {
  assertPositiveQuantity(quantity, `receipt of ${position.sku}`);
  return {
    ...position,
    onHand: position.onHand + quantity,
    received: position.received + quantity,
  };
}

export function allocateStock(position: InventoryPosition, quantity: Quantity): InventoryPosition {
  assertPositiveQuantity(quantity, `allocation of ${position.sku}`);
  if (quantity > availableOf(position)) {
    throw new WarehouseError(
      'WAREHOUSE.INSUFFICIENT_STOCK',
      `${quantity} of ${position.sku} requested in ${position.warehouseId}, ${availableOf(position)} available`,
      { ...position, requested: quantity },
    );
  }
  return { ...position, allocated: position.allocated + quantity };
}

export function releaseStock(position: InventoryPosition, quantity: Quantity): InventoryPosition {
  assertPositiveQuantity(quantity, `release of ${position.sku}`);
  assertWithinAllocation(position, quantity);
  return { ...position, allocated: position.allocated - quantity };
}

/** Goods issue on loading: the units leave the building, so on-hand and allocation both fall. */
export function issueStock(position: InventoryPosition, quantity: Quantity): InventoryPosition {
  assertPositiveQuantity(quantity, `goods issue of ${position.sku}`);
  assertWithinAllocation(position, quantity);
  return {
    ...position,
    onHand: position.onHand - quantity,
    allocated: position.allocated - quantity,
    shipped: position.shipped + quantity,
  };
}

function assertWithinAllocation(position: InventoryPosition, quantity: Quantity): void {
  if (quantity > position.allocated) {
    throw new WarehouseError(
      'WAREHOUSE.ALLOCATION_EXCEEDED',
      `${quantity} of ${position.sku} exceeds the ${position.allocated} allocated in ${position.warehouseId}`,
      { ...position, requested: quantity },
    );
  }
}

/** Inventory conservation (invariant 3 of docs/architecture.md) for one position. */
export function violatedInvariants(position: InventoryPosition): string[] {
  const violations: string[] = [];
  const { onHand, allocated, received, shipped } = position;
  if ([onHand, allocated, received, shipped].some((q) => !Number.isSafeInteger(q) || q < 0)) {
    violations.push('quantities must be non-negative integers');
  }
  if (allocated > onHand) violations.push('allocated exceeds onHand');
  if (onHand + shipped !== received) violations.push('onHand + shipped differs from received');
  return violations;
}
