/** Stable codes of the warehouse domain's rejections; the application maps them to 4xx or exceptions. */
export type WarehouseErrorCode =
  | 'WAREHOUSE.INVALID_QUANTITY'
  | 'WAREHOUSE.INVALID_DIMENSION'
  | 'WAREHOUSE.INSUFFICIENT_STOCK'
  | 'WAREHOUSE.ALLOCATION_EXCEEDED'
  | 'WAREHOUSE.POSITION_MISMATCH'
  | 'WAREHOUSE.UNKNOWN_SKU'
  | 'WAREHOUSE.OVER_PICK'
  | 'WAREHOUSE.PACKING_MISMATCH'
  | 'WAREHOUSE.DUPLICATE_PACKAGE'
  | 'WAREHOUSE.INVALID_TRANSITION'
  | 'WAREHOUSE.TENDER_NOT_ACCEPTED'
  | 'WAREHOUSE.SHIPMENT_MISMATCH'
  | 'WAREHOUSE.ORDER_CANCELLED'
  | 'WAREHOUSE.ALREADY_LOADED';

/**
 * A business rule was broken. Never retriable: the same input fails the same way, so the
 * caller answers 4xx (400, 409 or 422) or raises an exception instead of retrying.
 */
export class WarehouseError extends Error {
  readonly retriable = false;

  constructor(
    readonly code: WarehouseErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(`${code}: ${message}`);
    this.name = 'WarehouseError';
  }
}

export function isWarehouseError(
  error: unknown,
  code?: WarehouseErrorCode,
): error is WarehouseError {
  return error instanceof WarehouseError && (code === undefined || error.code === code);
}
