import { TransportError, verifyWebhookSignature } from '../domain';
import type { CarrierEntity } from '../infrastructure/carrier.entities';

/** Header names of a signed carrier call (documented in the README and the OpenAPI). */
export const TIMESTAMP_HEADER = 'x-logisync-timestamp';
export const SIGNATURE_HEADER = 'x-logisync-signature';

export interface CarrierSignature {
  timestamp: string | undefined;
  signature: string | undefined;
  /** The body exactly as received. */
  rawBody: Buffer | string;
  /** Whether the API client calling may act for a carrier (its carrier:<id> scope); absent: not checked. */
  mayActFor?: (carrierId: string) => boolean;
}

/** Hex HMAC-SHA256 of `${timestamp}.${rawBody}` with the carrier's webhookSecret, +-5 min. */
export function verifyCarrierSignature(
  carrier: CarrierEntity,
  signed: CarrierSignature,
  now: number,
): void {
  if (signed.mayActFor && !signed.mayActFor(carrier.id)) {
    throw new TransportError(
      'TRANSPORT.CARRIER_NOT_PERMITTED',
      `this API client may not act for carrier ${carrier.id}`,
    );
  }
  verifyWebhookSignature(signed, carrier.webhookSecret, now);
}
