import { acceptedTenderOf, type Shipment, type ShipmentTransition } from './shipment';
import { settleProgress } from './shipment-progress';
import { TransportError } from './transport-errors';

/**
 * ACCEPTED -> LOADED on ShipmentLoaded (goods issue). ACTUAL milestones that came first
 * (a DEPARTED scan before the warehouse's event) apply now, so the status may go straight
 * past LOADED. A repeat is a no-op; loading without an accepted carrier is refused.
 */
export function markLoaded(shipment: Shipment, loadedAt: number): ShipmentTransition {
  if (shipment.loadedAt !== null) return { shipment, events: [] };
  if (shipment.status !== 'ACCEPTED' || !acceptedTenderOf(shipment)) {
    throw new TransportError(
      'TRANSPORT.NO_ACCEPTED_TENDER',
      `cannot load shipment ${shipment.shipmentId} in status ${shipment.status}`,
      { shipmentId: shipment.shipmentId, status: shipment.status },
    );
  }
  return settleProgress(shipment, { ...shipment, loadedAt }, null);
}
