import { acceptedTenderOf, projectMilestones, type Shipment } from '../domain';
import type { ShipmentEntity } from '../infrastructure/shipment.entities';

const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());

/** What the API returns for a shipment: status, carrier, tenders, milestones and the ETA. */
export function toShipmentView(row: ShipmentEntity) {
  const s: Shipment = row.state;
  const accepted = acceptedTenderOf(s);
  const projection = projectMilestones(s.milestones);
  const retracted = new Set(s.milestones.map((m) => m.retractsEventId).filter(Boolean));
  const expectedTimes = Object.fromEntries(
    [...projection.expectedTimes].map(([code, at]) => [code, iso(at)]),
  );
  return {
    id: s.shipmentId,
    orderId: s.orderId,
    status: s.status,
    mode: row.mode,
    warehouseId: row.warehouseId,
    originRegion: s.route.originRegion,
    destination: row.destination,
    totalWeightGrams: s.route.totalWeightGrams,
    totalVolumeCm3: row.totalVolumeCm3,
    packageCount: row.packageCount,
    carrierId: accepted?.carrierId ?? null,
    trackingNumber: accepted?.trackingNumber ?? null,
    pickupWindow: accepted?.pickupWindow
      ? { startAt: iso(accepted.pickupWindow.startAt), endAt: iso(accepted.pickupWindow.endAt) }
      : null,
    customsHold: s.customsHold,
    eta: expectedTimes.DELIVERED ?? null,
    expectedTimes,
    freight: s.confirmedFreight,
    tenders: s.tenders.map((t) => ({
      tenderId: t.tenderId,
      attempt: t.attempt,
      carrierId: t.carrierId,
      status: t.status,
      quote: t.quote,
      tenderedAt: iso(t.tenderedAt),
      expiresAt: iso(t.expiresAt),
      closedAt: iso(t.closedAt),
      rejectionReason: t.rejectionReason,
      trackingNumber: t.trackingNumber,
      manual: t.manual,
    })),
    milestones: s.milestones.map((m) => ({
      carrierEventId: m.carrierEventId,
      code: m.code,
      classifier: m.classifier,
      milestoneAt: iso(m.milestoneAt),
      location: m.location,
      proofOfDelivery: m.proofOfDelivery,
      retractsEventId: m.retractsEventId,
      retracted: retracted.has(m.carrierEventId),
      receivedAt: iso(m.receivedAt),
    })),
    openException: s.openException
      ? {
          exceptionId: s.openException.exceptionId,
          type: s.openException.exceptionType,
          details: s.openException.details,
          raisedAt: iso(s.openException.raisedAt),
        }
      : null,
    plannedAt: iso(s.plannedAt),
    loadedAt: iso(s.loadedAt),
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

export type ShipmentView = ReturnType<typeof toShipmentView>;
