/** Stable codes of the transport domain's rejections; the application maps them to 4xx or exceptions. */
export type TransportErrorCode =
  | 'TRANSPORT.INVALID_LANE'
  | 'TRANSPORT.INVALID_WEIGHT'
  | 'TRANSPORT.INVALID_SHIPMENT'
  | 'TRANSPORT.TENDER_NOT_FOUND'
  | 'TRANSPORT.TENDER_WITHDRAWN'
  | 'TRANSPORT.TENDER_SUPERSEDED'
  | 'TRANSPORT.TENDER_EXPIRED'
  | 'TRANSPORT.TENDER_ALREADY_ANSWERED'
  | 'TRANSPORT.INVALID_TENDER_RESPONSE'
  | 'TRANSPORT.INVALID_TRANSITION'
  | 'TRANSPORT.ALREADY_LOADED'
  | 'TRANSPORT.NO_ACCEPTED_TENDER'
  | 'TRANSPORT.INVALID_MILESTONE'
  | 'TRANSPORT.PROOF_OF_DELIVERY_MISSING'
  | 'TRANSPORT.SIGNATURE_MISSING'
  | 'TRANSPORT.SIGNATURE_INVALID'
  | 'TRANSPORT.SIGNATURE_EXPIRED'
  | 'TRANSPORT.CARRIER_NOT_PERMITTED';

/**
 * A business rule was broken. Never retriable: the same input fails the same way, so the
 * caller answers 4xx (401 for the signature codes) or raises an exception instead of retrying.
 */
export class TransportError extends Error {
  readonly retriable = false;

  constructor(
    readonly code: TransportErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(`${code}: ${message}`);
    this.name = 'TransportError';
  }
}

export function isTransportError(
  error: unknown,
  code?: TransportErrorCode,
): error is TransportError {
  return error instanceof TransportError && (code === undefined || error.code === code);
}
