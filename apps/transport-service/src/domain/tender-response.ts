import type { Shipment, ShipmentTransition } from './shipment';
import {
  openTenderOf,
  replaceTender,
  tenderToNextCarrier,
  type PickupWindow,
  type Tender,
  type TenderRejectionReason,
} from './tender';
import { assertStillOpen, findTender, tenderError, tenderRefOf } from './tender-answer-guards';

export interface TenderAcceptance {
  readonly tenderId: string;
  readonly trackingNumber: string;
  readonly pickupWindow: PickupWindow;
}

export interface TenderRejection {
  readonly tenderId: string;
  readonly reason: Exclude<TenderRejectionReason, 'EXPIRED'>;
  readonly detail?: string | null;
}

/**
 * TENDERED -> ACCEPTED. A repeated identical acceptance (a webhook retry) changes nothing.
 * Refused: a withdrawn tender, an expired one (swept or not: `expiresAt` is exclusive), a
 * superseded one (rejected, the shipment moved on) and a second, different answer.
 */
export function acceptTender(
  shipment: Shipment,
  acceptance: TenderAcceptance,
  now: number,
): ShipmentTransition {
  const tender = findTender(shipment, acceptance.tenderId);
  if (tender.status === 'ACCEPTED' && tender.trackingNumber === acceptance.trackingNumber) {
    return { shipment, events: [] };
  }
  assertStillOpen(tender, 'ACCEPT');
  if (now >= tender.expiresAt) {
    throw tenderError('TRANSPORT.TENDER_EXPIRED', tender, `expired at ${tender.expiresAt}`);
  }
  assertValidAcceptance(tender, acceptance);
  const accepted: Tender = {
    ...tender,
    status: 'ACCEPTED',
    closedAt: now,
    trackingNumber: acceptance.trackingNumber,
    pickupWindow: acceptance.pickupWindow,
  };
  return {
    shipment: { ...replaceTender(shipment, accepted), status: 'ACCEPTED' },
    events: [
      {
        type: 'TenderAccepted',
        ...tenderRefOf(shipment, accepted),
        trackingNumber: acceptance.trackingNumber,
        pickupWindow: acceptance.pickupWindow,
        manual: false,
      },
    ],
  };
}

/** TENDERED -> REJECTED, then the automatic re-tender to the next carrier (or ON_HOLD). */
export function rejectTender(
  shipment: Shipment,
  rejection: TenderRejection,
  now: number,
): ShipmentTransition {
  const tender = findTender(shipment, rejection.tenderId);
  if (tender.status === 'REJECTED') return { shipment, events: [] };
  assertStillOpen(tender, 'REJECT');
  return closeAndRetender(shipment, tender, rejection.reason, rejection.detail ?? null, now);
}

/** The timeout sweep: an open tender past `expiresAt` is EXPIRED and re-tendered. */
export function expireDueTender(shipment: Shipment, now: number): ShipmentTransition {
  const open = openTenderOf(shipment);
  if (!open || now < open.expiresAt) return { shipment, events: [] };
  return closeAndRetender(shipment, open, 'EXPIRED', null, now);
}

function closeAndRetender(
  shipment: Shipment,
  tender: Tender,
  reason: TenderRejectionReason,
  detail: string | null,
  now: number,
): ShipmentTransition {
  const closed: Tender = {
    ...tender,
    status: reason === 'EXPIRED' ? 'EXPIRED' : 'REJECTED',
    closedAt: now,
    rejectionReason: reason,
  };
  const next = tenderToNextCarrier(replaceTender(shipment, closed), now);
  return {
    shipment: next.shipment,
    events: [
      { type: 'TenderRejected', ...tenderRefOf(shipment, closed), reason, detail },
      ...next.events,
    ],
  };
}

function assertValidAcceptance(tender: Tender, acceptance: TenderAcceptance): void {
  const { startAt, endAt } = acceptance.pickupWindow;
  if (!acceptance.trackingNumber || !(startAt <= endAt)) {
    throw tenderError(
      'TRANSPORT.INVALID_TENDER_RESPONSE',
      tender,
      'an acceptance needs a tracking number and a pickup window with startAt <= endAt',
    );
  }
}
