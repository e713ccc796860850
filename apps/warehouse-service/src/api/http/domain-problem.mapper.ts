import { problem, type Problem } from '@logisync/http-kit';
import {
  AlreadyExistsError,
  InvalidStateError,
  LookupError,
  NotFoundError,
  UnknownReferenceError,
  WarehouseError,
  type WarehouseErrorCode,
} from '../../domain';

// Wrong state is a 409 (with the current status where the domain knows it); a broken rule 422.
const warehouseStatus: Record<WarehouseErrorCode, number> = {
  'WAREHOUSE.INVALID_QUANTITY': 400,
  'WAREHOUSE.INVALID_DIMENSION': 400,
  'WAREHOUSE.INSUFFICIENT_STOCK': 409,
  'WAREHOUSE.ALLOCATION_EXCEEDED': 409,
  'WAREHOUSE.POSITION_MISMATCH': 409,
  'WAREHOUSE.UNKNOWN_SKU': 422,
  'WAREHOUSE.OVER_PICK': 422,
  'WAREHOUSE.PACKING_MISMATCH': 422,
  'WAREHOUSE.DUPLICATE_PACKAGE': 422,
  'WAREHOUSE.INVALID_TRANSITION': 409,
  'WAREHOUSE.TENDER_NOT_ACCEPTED': 409,
  'WAREHOUSE.SHIPMENT_MISMATCH': 409,
  'WAREHOUSE.ORDER_CANCELLED': 409,
  'WAREHOUSE.ALREADY_LOADED': 409,
};

function warehouseProblem(error: WarehouseError): Problem {
  const { status, ...details } = error.details as Record<string, unknown>;
  const currentStatus =
    error.code === 'WAREHOUSE.ORDER_CANCELLED'
      ? 'CANCELLED'
      : error.code === 'WAREHOUSE.ALREADY_LOADED'
        ? 'LOADED'
        : status;
  return problem(warehouseStatus[error.code], error.code, error.message, {
    ...details,
    ...(currentStatus !== undefined ? { currentStatus } : {}),
  });
}

/** Domain errors as HTTP problems: unknown id 404, wrong state 409, unknown reference 422. */
export function domainProblem(error: unknown): Problem | undefined {
  if (error instanceof WarehouseError) return warehouseProblem(error);
  if (!(error instanceof LookupError)) return undefined;
  const status =
    error instanceof NotFoundError
      ? 404
      : error instanceof AlreadyExistsError || error instanceof InvalidStateError
        ? 409
        : error instanceof UnknownReferenceError
          ? 422
          : 400;
  return problem(status, error.code, error.message, { ...error.details });
}
