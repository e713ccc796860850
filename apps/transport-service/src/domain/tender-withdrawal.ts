import type { Shipment, ShipmentTransition } from './shipment';
import type { Tender, TenderWithdrawalReason } from './tender';
import { TransportError } from './transport-errors';
import type { TransportEvent } from './transport-events';

/**
 * The compensation for OrderCancelled: the open or accepted tender is withdrawn
 * (TenderWithdrawn), an open NO_CARRIER exception is resolved, the shipment is CANCELLED.
 * Allowed until loading; after ShipmentLoaded the goods are on the truck and it is refused.
 * A repeat is a no-op.
 */
export function withdrawShipment(
  shipment: Shipment,
  reason: TenderWithdrawalReason,
  now: number,
): ShipmentTransition {
  if (shipment.status === 'CANCELLED') return { shipment, events: [] };
  if (shipment.loadedAt !== null) {
    throw new TransportError(
      'TRANSPORT.ALREADY_LOADED',
      `shipment ${shipment.shipmentId} was loaded at ${shipment.loadedAt}; too late to withdraw`,
      { shipmentId: shipment.shipmentId, status: shipment.status },
    );
  }
  const live = shipment.tenders.filter((t) => t.status === 'OPEN' || t.status === 'ACCEPTED');
  const withdrawn = new Map(live.map((t) => [t.tenderId, withdraw(t, now)]));
  return {
    shipment: {
      ...shipment,
      status: 'CANCELLED',
      openException: null,
      tenders: shipment.tenders.map((t) => withdrawn.get(t.tenderId) ?? t),
    },
    events: [
      ...[...withdrawn.values()].map((t) => withdrawnEvent(shipment, t, reason)),
      ...resolution(shipment),
    ],
  };
}

function withdraw(tender: Tender, now: number): Tender {
  return { ...tender, status: 'WITHDRAWN', closedAt: now };
}

function withdrawnEvent(
  shipment: Shipment,
  tender: Tender,
  reason: TenderWithdrawalReason,
): TransportEvent {
  return {
    type: 'TenderWithdrawn',
    shipmentId: shipment.shipmentId,
    orderId: shipment.orderId,
    tenderId: tender.tenderId,
    carrierId: tender.carrierId,
    attempt: tender.attempt,
    reason,
  };
}

function resolution(shipment: Shipment): TransportEvent[] {
  if (!shipment.openException) return [];
  return [
    {
      type: 'ExceptionResolved',
      shipmentId: shipment.shipmentId,
      orderId: shipment.orderId,
      exceptionId: shipment.openException.exceptionId,
      resolution: 'SHIPMENT_CANCELLED',
    },
  ];
}
