import type { RecordedMilestone } from './carrier-milestone';
import { projectMilestones, type MilestoneProjection } from './milestone-projection';
import {
  acceptedTenderOf,
  type Shipment,
  type ShipmentStatus,
  type ShipmentTransition,
} from './shipment';
import type { TransportEvent } from './transport-events';

/**
 * Settles a shipment whose milestones or loading changed: recomputes the status, the customs
 * flag and the expected times from the projection and reports what changed.
 *
 * Before loading the status stays with the tender (ACCEPTED): ACTUAL milestones are recorded
 * and wait, and loading applies them. The only backward move is a retraction; it is
 * reported as ShipmentStatusCorrected, never as an advance.
 */
export function settleProgress(
  before: Shipment,
  changed: Shipment,
  retraction: RecordedMilestone | null,
): ShipmentTransition {
  const was = projectMilestones(before.milestones);
  const is = projectMilestones(changed.milestones);
  const settled: Shipment = {
    ...changed,
    status: statusOf(changed, is),
    customsHold: is.customsHold,
  };
  const events = [
    ...statusEvents(before, settled, is, retraction),
    ...customsEvents(before, settled, is, retraction),
    ...expectationEvents(refOf(settled), was, is),
  ];
  return confirmFreightOnFirstDelivery({ shipment: settled, events });
}

function statusEvents(
  before: Shipment,
  after: Shipment,
  is: MilestoneProjection,
  retraction: RecordedMilestone | null,
): TransportEvent[] {
  if (after.status === before.status) return [];
  const change = { ...refOf(after), from: before.status, to: after.status };
  if (retraction) {
    const retractedEventId = retraction.retractsEventId ?? '';
    return [{ type: 'ShipmentStatusCorrected', ...change, retractedEventId }];
  }
  return [{ type: 'ShipmentStatusAdvanced', ...change, milestone: is.movement }];
}

function customsEvents(
  before: Shipment,
  after: Shipment,
  is: MilestoneProjection,
  retraction: RecordedMilestone | null,
): TransportEvent[] {
  const milestone = is.customs ?? retraction;
  if (after.customsHold === before.customsHold || !milestone) return [];
  const type = after.customsHold ? 'CustomsHoldRaised' : 'CustomsCleared';
  return [{ type, ...refOf(after), milestone }];
}

function refOf(shipment: Shipment) {
  return { shipmentId: shipment.shipmentId, orderId: shipment.orderId };
}

function statusOf(shipment: Shipment, projection: MilestoneProjection): ShipmentStatus {
  if (shipment.loadedAt === null) return shipment.status;
  return projection.movement?.code ?? 'LOADED';
}

function expectationEvents(
  ref: { readonly shipmentId: string; readonly orderId: string },
  was: MilestoneProjection,
  is: MilestoneProjection,
): TransportEvent[] {
  return [...is.expectedTimes]
    .filter(([code, expectedAt]) => was.expectedTimes.get(code) !== expectedAt)
    .map(([code, expectedAt]) => ({ type: 'ExpectedTimeUpdated', ...ref, code, expectedAt }));
}

/** Freight is confirmed once, at the first delivery: a retracted and repeated scan does not bill twice. */
function confirmFreightOnFirstDelivery(transition: ShipmentTransition): ShipmentTransition {
  const { shipment } = transition;
  const tender = acceptedTenderOf(shipment);
  if (shipment.status !== 'DELIVERED' || shipment.confirmedFreight || !tender) return transition;
  return {
    shipment: { ...shipment, confirmedFreight: tender.quote },
    events: [
      ...transition.events,
      {
        type: 'FreightCostConfirmed',
        shipmentId: shipment.shipmentId,
        orderId: shipment.orderId,
        carrierId: tender.carrierId,
        freight: tender.quote,
      },
    ],
  };
}
