/** How one tender attempt ended, as told in the exception for the operator. */
export interface TenderAttemptSummary {
  readonly attempt: number;
  readonly carrierId: string;
  readonly outcome: 'REJECTED' | 'EXPIRED';
}

/**
 * The descriptor of a NO_CARRIER exception: every carrier of the sequence rejected or let
 * the tender expire (or the route has no lane at all). Mapped to ExceptionRaised with
 * the schema's `TENDER_ALL_REJECTED` type; an operator's carrier assignment resolves it.
 */
export interface CarrierException {
  /** Derived from the shipment, so a replay raises the same exception, not a second one. */
  readonly exceptionId: string;
  readonly kind: 'NO_CARRIER';
  readonly exceptionType: 'TENDER_ALL_REJECTED';
  readonly severity: 'HIGH';
  readonly owner: 'transport-ops';
  readonly orderId: string;
  readonly shipmentId: string;
  readonly raisedAt: number;
  readonly attempts: readonly TenderAttemptSummary[];
  readonly details: string;
}

export function noCarrierException(
  ids: { readonly shipmentId: string; readonly orderId: string },
  attempts: readonly TenderAttemptSummary[],
  now: number,
): CarrierException {
  const tried = attempts.map((a) => `${a.carrierId} ${a.outcome.toLowerCase()}`).join(', ');
  return {
    exceptionId: `${ids.shipmentId}:NO_CARRIER:${attempts.length}`,
    kind: 'NO_CARRIER',
    exceptionType: 'TENDER_ALL_REJECTED',
    severity: 'HIGH',
    owner: 'transport-ops',
    orderId: ids.orderId,
    shipmentId: ids.shipmentId,
    raisedAt: now,
    attempts,
    details:
      attempts.length === 0
        ? 'no lane serves this route'
        : `every carrier of the tender sequence declined: ${tried}`,
  };
}
