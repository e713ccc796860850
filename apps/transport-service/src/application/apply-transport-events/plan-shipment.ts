import type { OrderPackedV1 } from '@logisync/canonical-events';
import type { OutboxEntry } from '@logisync/event-runtime';
import { planShipment, selectTenderSequence, startTendering, type Lane } from '../../domain';
import type {
  OrderDestinationEntity,
  ShipmentEntity,
} from '../../infrastructure/shipment.entities';
import { indexedColumns } from '../../infrastructure/shipment.repository';
import { toOutboxEntries } from '../transport-event.factory';
import { shipmentIdFor } from './shipment-id';
import { modeFor, totalsOf } from './shipment-measures';

/**
 * OrderPacked of a released order: the shipment planned from the packages and the order's
 * destination and tendered to the first carrier of the route's lanes (ShipmentPlanned,
 * CarrierTendered), or held when no lane serves the route. The same packages and lanes give
 * the same shipment id, tender sequence and tender ids.
 */
export function plannedShipment(
  packed: Pick<OrderPackedV1, 'orderId' | 'warehouseId' | 'packages'>,
  destination: OrderDestinationEntity,
  lanesOf: (originRegion: string, destinationCountry: string) => Lane[],
  causationId: string,
  now: number,
): { row: ShipmentEntity; entries: OutboxEntry[] } {
  const totals = totalsOf(packed.packages);
  const route = {
    originRegion: destination.region,
    destinationCountry: destination.shipTo.country,
    totalWeightGrams: totals.weightGrams,
  };
  const lanes = lanesOf(route.originRegion, route.destinationCountry);
  const shipmentId = shipmentIdFor(packed.orderId);
  const tenderSequence = selectTenderSequence(lanes, route);
  const planned = planShipment({ shipmentId, orderId: packed.orderId, route, tenderSequence }, now);
  const tendered = startTendering(planned.shipment, now);
  const row: ShipmentEntity = {
    id: shipmentId,
    orderId: packed.orderId,
    warehouseId: packed.warehouseId,
    mode: modeFor(totals.weightGrams),
    totalVolumeCm3: totals.volumeCm3,
    packageCount: packed.packages.length,
    destination: destination.shipTo,
    region: destination.region,
    tenant: destination.tenant,
    state: tendered.shipment,
    published: {},
    reportsByEventId: {},
    ...indexedColumns(tendered.shipment),
    createdAt: new Date(now),
    updatedAt: new Date(now),
    version: 1,
  };
  const events = [...planned.events, ...tendered.events];
  const entries = toOutboxEntries(tendered.shipment, row, events, causationId, now);
  return { row, entries };
}
