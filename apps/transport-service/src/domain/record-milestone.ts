import { assertValidMilestoneReport, type CarrierMilestoneReport } from './carrier-milestone';
import { acceptedTenderOf, type Shipment, type ShipmentTransition } from './shipment';
import { settleProgress } from './shipment-progress';
import { TransportError } from './transport-errors';

/**
 * DUPLICATE: the carrierEventId was seen before, nothing changed. AWAITING_LOADING: an
 * ACTUAL movement before ShipmentLoaded, recorded and applied at loading. RECORDED: the
 * rest, including late reports that change nothing.
 */
export type MilestoneOutcome = 'DUPLICATE' | 'AWAITING_LOADING' | 'RECORDED';

export interface MilestoneTransition extends ShipmentTransition {
  readonly outcome: MilestoneOutcome;
}

/** Records a carrier report and settles the shipment; see settleProgress for the rules. */
export function recordMilestone(
  shipment: Shipment,
  report: CarrierMilestoneReport,
  receivedAt: number,
): MilestoneTransition {
  assertValidMilestoneReport(report);
  if (!acceptedTenderOf(shipment)) {
    throw new TransportError(
      'TRANSPORT.NO_ACCEPTED_TENDER',
      `shipment ${shipment.shipmentId} has no carrier to report milestones`,
      { shipmentId: shipment.shipmentId, carrierEventId: report.carrierEventId },
    );
  }
  if (shipment.milestones.some((m) => m.carrierEventId === report.carrierEventId)) {
    return { shipment, events: [], outcome: 'DUPLICATE' };
  }
  const recorded = { ...report, receivedAt };
  const changed = { ...shipment, milestones: [...shipment.milestones, recorded] };
  const transition = settleProgress(shipment, changed, report.retractsEventId ? recorded : null);
  return { ...transition, outcome: outcomeOf(shipment, report) };
}

function outcomeOf(shipment: Shipment, report: CarrierMilestoneReport): MilestoneOutcome {
  const waits =
    shipment.loadedAt === null && report.classifier === 'ACTUAL' && !report.retractsEventId;
  return waits ? 'AWAITING_LOADING' : 'RECORDED';
}
