import { noCarrierException, type TenderAttemptSummary } from './carrier-exception';
import type { FreightQuote } from './freight-quote';
import type { Shipment, ShipmentTransition } from './shipment';
import { TransportError } from './transport-errors';

export type TenderStatus = 'OPEN' | 'ACCEPTED' | 'REJECTED' | 'EXPIRED' | 'WITHDRAWN';
/** The symbols of the TenderRejectionReason enum; EXPIRED is a timeout, not an answer. */
export type TenderRejectionReason =
  'NO_CAPACITY' | 'LANE_NOT_SERVED' | 'RATE_DECLINED' | 'EXPIRED' | 'OTHER';
export type TenderWithdrawalReason = 'ORDER_CANCELLED' | 'REPLANNED' | 'MANUAL';

export interface PickupWindow {
  readonly startAt: number;
  readonly endAt: number;
}

export interface Tender {
  readonly tenderId: string;
  /** 1-based position among this shipment's tenders. */
  readonly attempt: number;
  readonly carrierId: string;
  readonly quote: FreightQuote;
  readonly tenderedAt: number;
  readonly expiresAt: number;
  readonly status: TenderStatus;
  readonly closedAt: number | null;
  readonly trackingNumber: string | null;
  readonly pickupWindow: PickupWindow | null;
  readonly rejectionReason: TenderRejectionReason | null;
  /** Assigned by an operator after NO_CARRIER, not tendered from the sequence. */
  readonly manual: boolean;
}

/** Derived, not random, so rebuilding state from the log gives the same ids. */
export function tenderIdFor(shipmentId: string, attempt: number): string {
  return `${shipmentId}:tender:${attempt}`;
}

export function openTenderOf(shipment: Shipment): Tender | null {
  return shipment.tenders.find((tender) => tender.status === 'OPEN') ?? null;
}

/** PLANNED -> TENDERED to the first carrier, or ON_HOLD when no lane serves the route. */
export function startTendering(shipment: Shipment, now: number): ShipmentTransition {
  if (shipment.status !== 'PLANNED') {
    throw new TransportError(
      'TRANSPORT.INVALID_TRANSITION',
      `cannot tender a ${shipment.status} shipment`,
      {
        shipmentId: shipment.shipmentId,
        status: shipment.status,
      },
    );
  }
  return tenderToNextCarrier(shipment, now);
}

/**
 * Tenders to the next carrier of the sequence (one per attempt; the sequence position is
 * the number of tenders already sent), or puts the shipment ON_HOLD with a NO_CARRIER
 * exception when the sequence is exhausted.
 */
export function tenderToNextCarrier(shipment: Shipment, now: number): ShipmentTransition {
  const candidate = shipment.tenderSequence[shipment.tenders.length];
  if (!candidate) return holdForNoCarrier(shipment, now);
  const attempt = shipment.tenders.length + 1;
  const tender: Tender = {
    tenderId: tenderIdFor(shipment.shipmentId, attempt),
    attempt,
    carrierId: candidate.carrierId,
    quote: candidate.quote,
    tenderedAt: now,
    expiresAt: now + candidate.lane.tenderTimeoutSeconds * 1000,
    status: 'OPEN',
    closedAt: null,
    trackingNumber: null,
    pickupWindow: null,
    rejectionReason: null,
    manual: false,
  };
  return {
    shipment: { ...shipment, status: 'TENDERED', tenders: [...shipment.tenders, tender] },
    events: [
      {
        type: 'CarrierTendered',
        shipmentId: shipment.shipmentId,
        orderId: shipment.orderId,
        tenderId: tender.tenderId,
        carrierId: tender.carrierId,
        attempt,
        expiresAt: tender.expiresAt,
        quote: tender.quote,
      },
    ],
  };
}

function holdForNoCarrier(shipment: Shipment, now: number): ShipmentTransition {
  const attempts: TenderAttemptSummary[] = shipment.tenders.map((tender) => ({
    attempt: tender.attempt,
    carrierId: tender.carrierId,
    outcome: tender.status === 'EXPIRED' ? 'EXPIRED' : 'REJECTED',
  }));
  const exception = noCarrierException(shipment, attempts, now);
  return {
    shipment: { ...shipment, status: 'ON_HOLD', openException: exception },
    events: [{ type: 'ExceptionRaised', exception }],
  };
}

export function replaceTender(shipment: Shipment, updated: Tender): Shipment {
  return {
    ...shipment,
    tenders: shipment.tenders.map((tender) =>
      tender.tenderId === updated.tenderId ? updated : tender,
    ),
  };
}
