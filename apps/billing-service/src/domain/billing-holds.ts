import { BillingCase, CustomsRecord, HoldReason } from './billing-case';

/**
 * Holds that stand now, in a fixed order. Each is judged on milestone times, not arrival
 * order, so a late or repeated event cannot reopen or close a hold by itself:
 * - CUSTOMS_HOLD: for some shipment the latest customs milestone is a hold (a clearance at
 *   the same instant wins).
 * - DELIVERY_FAILED: a failed attempt later than every actual delivery (a successful
 *   delivery after a failed attempt, even of a re-shipment, resolves it).
 * - MANUAL: an operator placed a hold and has not released it.
 */
export function openHolds(state: BillingCase): HoldReason[] {
  const holds: HoldReason[] = [];
  if (customsHoldOpen(state.customs)) holds.push('CUSTOMS_HOLD');
  if (deliveryFailureOpen(state)) holds.push('DELIVERY_FAILED');
  if (state.manualHold) holds.push('MANUAL');
  return holds;
}

function customsHoldOpen(customs: readonly CustomsRecord[]): boolean {
  const latestPerShipment = new Map<string, CustomsRecord>();
  for (const record of customs) {
    const current = latestPerShipment.get(record.shipmentId);
    if (!current || isLater(record, current)) {
      latestPerShipment.set(record.shipmentId, record);
    }
  }
  return [...latestPerShipment.values()].some((record) => record.kind === 'RAISED');
}

function isLater(candidate: CustomsRecord, current: CustomsRecord): boolean {
  if (candidate.at !== current.at) return candidate.at > current.at;
  if (candidate.kind !== current.kind) return candidate.kind === 'CLEARED';
  return candidate.eventId > current.eventId;
}

function deliveryFailureOpen(state: BillingCase): boolean {
  const lastDelivery = Math.max(...state.deliveries.map((d) => d.at), Number.NEGATIVE_INFINITY);
  return state.deliveryFailures.some((failure) => failure.at > lastDelivery);
}
