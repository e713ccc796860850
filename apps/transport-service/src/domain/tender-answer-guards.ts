import type { Shipment } from './shipment';
import type { Tender } from './tender';
import { TransportError, type TransportErrorCode } from './transport-errors';

export function findTender(shipment: Shipment, tenderId: string): Tender {
  const tender = shipment.tenders.find((candidate) => candidate.tenderId === tenderId);
  if (!tender) {
    throw new TransportError('TRANSPORT.TENDER_NOT_FOUND', `no tender ${tenderId}`, {
      shipmentId: shipment.shipmentId,
      tenderId,
    });
  }
  return tender;
}

/**
 * Which answers a tender still takes. A tender answers once: withdrawn (order cancelled),
 * expired (the sweep re-tendered), rejected (superseded by the next attempt) and accepted
 * tenders refuse anything but an identical repeat, which the caller treats as a no-op.
 */
export function assertStillOpen(tender: Tender, answer: 'ACCEPT' | 'REJECT'): void {
  switch (tender.status) {
    case 'OPEN':
      return;
    case 'WITHDRAWN':
      throw tenderError('TRANSPORT.TENDER_WITHDRAWN', tender, `${answer} of a withdrawn tender`);
    case 'EXPIRED':
      throw tenderError('TRANSPORT.TENDER_EXPIRED', tender, `${answer} of an expired tender`);
    case 'REJECTED':
      throw tenderError('TRANSPORT.TENDER_SUPERSEDED', tender, `${answer} after a rejection`);
    case 'ACCEPTED':
      throw tenderError('TRANSPORT.TENDER_ALREADY_ANSWERED', tender, `${answer} after acceptance`);
  }
}

export function tenderError(
  code: TransportErrorCode,
  tender: Tender,
  message: string,
): TransportError {
  return new TransportError(code, `tender ${tender.tenderId}: ${message}`, {
    tenderId: tender.tenderId,
    carrierId: tender.carrierId,
    tenderStatus: tender.status,
  });
}

/** The fields every tender event carries. */
export function tenderRefOf(shipment: Shipment, tender: Tender) {
  return {
    shipmentId: shipment.shipmentId,
    orderId: shipment.orderId,
    tenderId: tender.tenderId,
    carrierId: tender.carrierId,
    attempt: tender.attempt,
  };
}
