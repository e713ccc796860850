import { derivedId } from '@logisync/canonical-events';
import { uuidKey } from '../infrastructure/uuid-key';

/**
 * The id of the order's allocation, derived from the order id: the warehouse allocates an order
 * at most once (warehouse_order is keyed by the order; allocation_id is set when the order is
 * allocated and never cleared or reassigned: a second OrderReleased of the order changes
 * nothing, a back-order pass only takes orders not yet allocated, a cancellation releases the
 * stock but keeps the id). So one id per order is one id per allocation, and both the release
 * and a back-order pass that retries it derive the same one on a replay, whichever of them
 * ends up allocating the order. The order id is taken as its uuid column stores it, so the id
 * from an event (any case, any hyphenation) and the one read back from the row agree.
 */
export function allocationIdFor(orderId: string): string {
  return derivedId('warehouse-allocation', uuidKey(orderId) ?? orderId);
}
