import { uuidKey } from '../../infrastructure/uuid-key';

/**
 * An order's key in the set, as its uuid column compares it. An id that is no uuid fails the
 * event as the database would (an unknown failure, dead-lettered after a few attempts), and
 * before any write.
 */
export function orderKey(orderId: string): string {
  const key = uuidKey(orderId);
  if (key === null) {
    throw Object.assign(new Error(`invalid input syntax for type uuid: "${orderId}"`), {
      code: '22P02',
    });
  }
  return key;
}

/** A new shipment row's order id goes to a uuid column too. */
export const assertOrderId = (orderId: string): void => void orderKey(orderId);
