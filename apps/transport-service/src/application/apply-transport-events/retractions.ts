import type { Shipment } from '../../domain';

/**
 * A retraction that arrived before the report it withdraws could only name that report's
 * eventId; now that the report is here, the retraction names its carrierEventId, so the
 * report is dead on arrival, as the domain's projection expects.
 */
export function retractionsNamingThis(
  shipment: Shipment,
  eventId: string,
  carrierEventId: string,
): Shipment {
  if (!shipment.milestones.some((m) => m.retractsEventId === eventId)) return shipment;
  return {
    ...shipment,
    milestones: shipment.milestones.map((m) =>
      m.retractsEventId === eventId ? { ...m, retractsEventId: carrierEventId } : m,
    ),
  };
}
