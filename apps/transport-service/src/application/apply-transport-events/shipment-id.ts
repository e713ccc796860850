import { createHash } from 'node:crypto';

const namespace = 'logisync.transport.shipment';

/**
 * One shipment per order, its id a name-based UUID (version 5 layout, SHA-1) of the order id:
 * a replay or a rebuild from the log plans the same shipment, and tender ids derive from it.
 */
export function shipmentIdFor(orderId: string): string {
  const hash = createHash('sha1').update(`${namespace}:${orderId}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
