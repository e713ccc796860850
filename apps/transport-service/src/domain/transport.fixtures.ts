import type { CarrierMilestoneReport, MilestoneCode } from './carrier-milestone';
import type { Lane } from './lane';
import { selectTenderSequence, type ShipmentRoute } from './lane-selection';
import { recordMilestone } from './record-milestone';
import { planShipment, type Shipment, type ShipmentTransition } from './shipment';
import { markLoaded } from './shipment-loading';
import { openTenderOf, startTendering } from './tender';
import { acceptTender, expireDueTender, rejectTender } from './tender-response';
import type { TransportEvent } from './transport-events';

/** Shared by the transport domain specs; no I/O. Times are UTC epoch milliseconds. */
export const T0 = Date.UTC(2026, 0, 5, 8, 0, 0);
export const MINUTE = 60_000;

export function lane(overrides: Partial<Lane> = {}): Lane {
  return {
    originRegion: 'EU-WEST',
    destinationCountry: 'DE',
    carrierId: 'carrier-a',
    priority: 1,
    ratePerKgMinor: 100,
    currency: 'EUR',
    transitDays: 2,
    tenderTimeoutSeconds: 3600,
    ...overrides,
  };
}

/** In sequence order for `route`: bravo (cheapest, priority 1), alpha, then charlie (priority 2). */
export const lanes: readonly Lane[] = [
  lane({ carrierId: 'alpha', ratePerKgMinor: 120 }),
  lane({ carrierId: 'bravo', ratePerKgMinor: 100, tenderTimeoutSeconds: 1800 }),
  lane({ carrierId: 'charlie', priority: 2, ratePerKgMinor: 50 }),
];

export const route: ShipmentRoute = {
  originRegion: 'EU-WEST',
  destinationCountry: 'DE',
  totalWeightGrams: 12_345,
};

export function plannedShipment(lanesToUse: readonly Lane[] = lanes): Shipment {
  const tenderSequence = selectTenderSequence(lanesToUse, route);
  return planShipment({ shipmentId: 'shp-1', orderId: 'ord-1', route, tenderSequence }, T0)
    .shipment;
}

export function tenderedShipment(): Shipment {
  return startTendering(plannedShipment(), T0).shipment;
}

export function acceptedShipment(): Shipment {
  const shipment = tenderedShipment();
  const acceptance = {
    tenderId: shipment.tenders[0].tenderId,
    trackingNumber: 'TRK-1',
    pickupWindow: { startAt: T0 + 60 * MINUTE, endAt: T0 + 180 * MINUTE },
  };
  return acceptTender(shipment, acceptance, T0 + MINUTE).shipment;
}

export function loadedShipment(): Shipment {
  return markLoaded(acceptedShipment(), T0 + 120 * MINUTE).shipment;
}

/** An ACTUAL report `minutes` after T0, with proof of delivery where DELIVERED needs one. */
export function actual(
  code: MilestoneCode,
  carrierEventId: string,
  minutes: number,
  overrides: Partial<CarrierMilestoneReport> = {},
): CarrierMilestoneReport {
  return {
    carrierEventId,
    code,
    classifier: 'ACTUAL',
    milestoneAt: T0 + minutes * MINUTE,
    reportedAt: T0 + minutes * MINUTE,
    location: 'DEHAM',
    proofOfDelivery: code === 'DELIVERED' ? { signedBy: 'J. Doe' } : null,
    retractsEventId: null,
    ...overrides,
  };
}

export function retraction(carrierEventId: string, retractsEventId: string, minutes: number) {
  return actual('DELIVERED', carrierEventId, minutes, { retractsEventId, proofOfDelivery: null });
}

export function eventTypes(events: readonly { readonly type: string }[]): string[] {
  return events.map((event) => event.type);
}

/** Records the reports in order; returns the final shipment and every event on the way. */
export function applyReports(start: Shipment, reports: readonly CarrierMilestoneReport[]) {
  let shipment = start;
  const events: TransportEvent[] = [];
  for (const report of reports) {
    const next = recordMilestone(shipment, report, T0 + 1000 * MINUTE);
    shipment = next.shipment;
    events.push(...next.events);
  }
  return { shipment, events };
}

/** Answers the open tender: a rejection a minute in, or the timeout sweep at its expiry. */
export function answerOpenTender(shipment: Shipment, how: 'REJECT' | 'EXPIRE'): ShipmentTransition {
  const open = openTenderOf(shipment)!;
  return how === 'REJECT'
    ? rejectTender(
        shipment,
        { tenderId: open.tenderId, reason: 'NO_CAPACITY' },
        open.tenderedAt + MINUTE,
      )
    : expireDueTender(shipment, open.expiresAt);
}

/** Every carrier of the sequence rejects: ON_HOLD with a NO_CARRIER exception. */
export function onHoldShipment(): Shipment {
  let shipment = tenderedShipment();
  while (openTenderOf(shipment)) shipment = answerOpenTender(shipment, 'REJECT').shipment;
  return shipment;
}
