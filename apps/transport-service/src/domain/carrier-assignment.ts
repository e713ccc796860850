import type { FreightQuote } from './freight-quote';
import type { Shipment, ShipmentTransition } from './shipment';
import { tenderIdFor, type PickupWindow, type Tender } from './tender';
import { TransportError } from './transport-errors';

export interface CarrierAssignment {
  readonly carrierId: string;
  readonly trackingNumber: string;
  readonly pickupWindow: PickupWindow;
  /** The agreed freight, usually quoteFreight over the carrier's lane. */
  readonly quote: FreightQuote;
}

/**
 * The operator's resolution of NO_CARRIER: ON_HOLD -> ACCEPTED with a manual tender (the
 * carrier agreed outside the tender flow), which resolves the exception.
 */
export function assignCarrierManually(
  shipment: Shipment,
  assignment: CarrierAssignment,
  now: number,
): ShipmentTransition {
  if (shipment.status !== 'ON_HOLD' || !shipment.openException) {
    throw new TransportError(
      'TRANSPORT.INVALID_TRANSITION',
      `a carrier is assigned by hand only to a shipment ON_HOLD, not ${shipment.status}`,
      { shipmentId: shipment.shipmentId, status: shipment.status },
    );
  }
  if (!assignment.carrierId || !assignment.trackingNumber) {
    throw new TransportError(
      'TRANSPORT.INVALID_TENDER_RESPONSE',
      'carrierId and trackingNumber are required',
    );
  }
  const tender = manualTender(shipment, assignment, now);
  const ref = { shipmentId: shipment.shipmentId, orderId: shipment.orderId };
  return {
    shipment: {
      ...shipment,
      status: 'ACCEPTED',
      openException: null,
      tenders: [...shipment.tenders, tender],
    },
    events: [
      {
        type: 'TenderAccepted',
        ...ref,
        tenderId: tender.tenderId,
        carrierId: tender.carrierId,
        attempt: tender.attempt,
        trackingNumber: assignment.trackingNumber,
        pickupWindow: assignment.pickupWindow,
        manual: true,
      },
      {
        type: 'ExceptionResolved',
        ...ref,
        exceptionId: shipment.openException.exceptionId,
        resolution: 'CARRIER_ASSIGNED',
      },
    ],
  };
}

function manualTender(shipment: Shipment, assignment: CarrierAssignment, now: number): Tender {
  const attempt = shipment.tenders.length + 1;
  return {
    tenderId: tenderIdFor(shipment.shipmentId, attempt),
    attempt,
    carrierId: assignment.carrierId,
    quote: assignment.quote,
    tenderedAt: now,
    expiresAt: now,
    status: 'ACCEPTED',
    closedAt: now,
    trackingNumber: assignment.trackingNumber,
    pickupWindow: assignment.pickupWindow,
    rejectionReason: null,
    manual: true,
  };
}
