import { Quantity, SkuQuantity } from './quantity';

export type OrderPriority = 'EXPRESS' | 'STANDARD';

export interface Warehouse {
  readonly id: string;
  readonly region: string;
}

/** What allocation needs from OrderReleased. */
export interface OrderToAllocate {
  readonly orderId: string;
  readonly region: string;
  readonly priority: OrderPriority;
  readonly lines: readonly SkuQuantity[];
}

/** Stock held for one order in one warehouse; the whole order ships from that warehouse. */
export interface Allocation {
  readonly orderId: string;
  readonly warehouseId: string;
  readonly lines: readonly SkuQuantity[];
}

export interface ShortLine {
  readonly sku: string;
  readonly quantityRequested: Quantity;
  readonly quantityAvailable: Quantity;
  readonly quantityShort: Quantity;
}

export type AllocationOutcome =
  | { readonly kind: 'ALLOCATED'; readonly allocation: Allocation }
  | {
      readonly kind: 'SHORTAGE';
      readonly orderId: string;
      readonly reason: 'SHORTAGE';
      /** Measured against the closest warehouse (see allocate-order.ts). */
      readonly closestWarehouseId: string | null;
      readonly shortLines: readonly ShortLine[];
    };
