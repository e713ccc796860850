import type { CarrierMilestoneReportedV1 } from '@logisync/canonical-events';
import { fromLocation } from '../transport-event.factory';
import type { CarrierMilestoneReport, MilestoneClassifier, MilestoneCode } from '../../domain';

/**
 * A carrier platform's report as the domain reads it. UNKNOWN symbols (a newer writer's enum)
 * are passed through and refused by the domain's validation. reportedAt is when the platform
 * recorded it: the newest estimate wins whatever the arrival order.
 */
export function toCarrierReport(
  e: CarrierMilestoneReportedV1,
): CarrierMilestoneReport & { eventId: string } {
  const pod = e.proofOfDelivery;
  return {
    eventId: e.meta.eventId,
    carrierEventId: e.carrierEventId,
    code: e.code as MilestoneCode,
    classifier: e.classifier as MilestoneClassifier,
    milestoneAt: e.milestoneAt.getTime(),
    reportedAt: e.meta.recordedAt.getTime(),
    location: fromLocation(e.location),
    proofOfDelivery: pod
      ? {
          signedBy: pod.signedBy,
          receivedBy: pod.receivedBy,
          podReference: pod.podReference,
          photoUrl: pod.photoUrl,
        }
      : null,
    retractsEventId: e.meta.retractsEventId,
    detail: e.detail,
  };
}
