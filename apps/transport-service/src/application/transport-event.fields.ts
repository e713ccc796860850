import type { Address, Location } from '@logisync/canonical-events';

/** The parts of transport events that are plain translations: tables and field shapes. */
export type MilestoneEventType =
  'ShipmentDeparted' | 'ShipmentInTransit' | 'DeliveryFailed' | 'ShipmentDelivered';

const eventTypeByStatus: Record<string, MilestoneEventType> = {
  DEPARTED: 'ShipmentDeparted',
  IN_TRANSIT: 'ShipmentInTransit',
  OUT_FOR_DELIVERY: 'ShipmentInTransit',
  DELIVERY_FAILED: 'DeliveryFailed',
  DELIVERED: 'ShipmentDelivered',
};

export function milestoneEventType(status: string): MilestoneEventType | undefined {
  return eventTypeByStatus[status];
}

export function statusOfEventType(eventType: string): string | undefined {
  return Object.keys(eventTypeByStatus).find((s) => eventTypeByStatus[s] === eventType);
}

const failureReasons = [
  'RECIPIENT_ABSENT',
  'ADDRESS_INVALID',
  'REFUSED',
  'DAMAGED',
  'ACCESS_RESTRICTED',
] as const;
type FailureReason = (typeof failureReasons)[number] | 'OTHER';

/** A carrier's detail that names a schema symbol is the reason; other text is kept as OTHER. */
export function failureOf(detail: string | null | undefined): {
  reason: FailureReason;
  detail: string | null;
} {
  const symbol = failureReasons.find((r) => r === detail?.trim().toUpperCase());
  return symbol
    ? { reason: symbol, detail: detail ?? null }
    : { reason: 'OTHER', detail: detail ?? null };
}

/** The warehouse's address is not ours to know: the origin names the warehouse only. */
export function originOf(warehouseId: string): Address {
  return { name: warehouseId, street: '', city: '', postalCode: '', country: '' };
}

const unLocodeShape = /^[A-Z]{2}[A-Z2-9]{3}$/;

export function toLocation(location: string | null): Location {
  return {
    name: location,
    unLocode: location && unLocodeShape.test(location) ? location : null,
    facilityCode: null,
    city: null,
    postalCode: null,
    country: location && unLocodeShape.test(location) ? location.slice(0, 2) : null,
    geo: null,
  };
}

/** A Location record as the one string the domain keeps: the most precise part known. */
export function fromLocation(location: Location | null | undefined): string | null {
  if (!location) return null;
  return location.unLocode ?? location.facilityCode ?? location.name ?? location.city ?? null;
}
