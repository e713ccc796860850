import type { OrderReleasedV1 } from '@logisync/canonical-events';
import type { SetEvent } from '@logisync/event-runtime';
import type { OrderDestinationEntity } from '../../infrastructure/shipment.entities';
import type { ConsumedTransportEvent } from './apply-consumed-event';
import { routeKey } from './transport-working-set';

type Route = { originRegion: string; destinationCountry: string };

const orderIdOf = (e: SetEvent<ConsumedTransportEvent>) => (e.event as { orderId: string }).orderId;

/** The keys a set's events read, each once: what the set loads before any event applies. */
export function whatTheSetReads(events: readonly SetEvent<ConsumedTransportEvent>[]) {
  const of = (...types: string[]) => [
    ...new Set(events.filter((e) => types.includes(e.envelope.eventType)).map(orderIdOf)),
  ];
  return {
    destinationsOf: of('OrderReleased', 'OrderPacked', 'OrderCancelled'),
    shipmentsOf: of('OrderPacked', 'OrderCancelled', 'ShipmentLoaded'),
    trackingNumbers: [
      ...new Set(
        events
          .filter((e) => e.envelope.eventType === 'CarrierMilestoneReported')
          .map((e) => (e.event as { trackingNumber: string }).trackingNumber),
      ),
    ],
  };
}

/**
 * The routes an OrderPacked of the set may plan: its order's destination as stored, or as the
 * set's first release of the order would store it. A superset: a packed order already planned
 * or cancelled costs a few lanes read, never a second statement.
 */
export function routesToPlan(
  events: readonly SetEvent<ConsumedTransportEvent>[],
  stored: readonly OrderDestinationEntity[],
): Route[] {
  const destinations = new Map<string, Pick<OrderDestinationEntity, 'region' | 'shipTo'>>(
    stored.map((d) => [d.orderId, d]),
  );
  for (const { event, envelope } of events) {
    if (envelope.eventType !== 'OrderReleased') continue;
    const released = event as OrderReleasedV1;
    if (!destinations.has(released.orderId)) destinations.set(released.orderId, released);
  }
  const routes = new Map<string, Route>();
  for (const e of events) {
    if (e.envelope.eventType !== 'OrderPacked') continue;
    const destination = destinations.get(orderIdOf(e));
    if (!destination) continue;
    const route = {
      originRegion: destination.region,
      destinationCountry: destination.shipTo.country,
    };
    routes.set(routeKey(route.originRegion, route.destinationCountry), route);
  }
  return [...routes.values()];
}
