import type {
  CarrierMilestoneReportedV1,
  OrderCancelledV1,
  OrderPackedV1,
  OrderReleasedV1,
  ShipmentLoadedV1,
} from '@logisync/canonical-events';
import {
  NonRetriableError,
  PrerequisiteMissingError,
  type EventEnvelope,
} from '@logisync/event-runtime';
import {
  acceptedTenderOf,
  isTransportError,
  markLoaded,
  recordMilestone,
  withdrawShipment,
  type ShipmentTransition,
} from '../../domain';
import { notFound, TransportAppError } from '../transport-app.errors';
import { plannedShipment } from './plan-shipment';
import { retractionsNamingThis } from './retractions';
import { toCarrierReport } from './to-carrier-report';
import type { TransportWorkingSet } from './transport-working-set';

/** The types the service consumes, each applied below. */
export const CONSUMED_TYPES = [
  'OrderReleased',
  'OrderPacked',
  'OrderCancelled',
  'ShipmentLoaded',
  'CarrierMilestoneReported',
] as const;

export type ConsumedTransportEvent =
  | OrderReleasedV1
  | OrderPackedV1
  | OrderCancelledV1
  | ShipmentLoadedV1
  | CarrierMilestoneReportedV1;

/** What applying an event needs beside the working set. */
export interface ApplyContext {
  set: TransportWorkingSet;
  now(): number;
  /** After loading the goods are gone: a cancellation is logged and changes nothing. */
  cancelledAfterLoading(orderId: string, message: string): void;
}

/**
 * Applies one consumed event to the working set, as the tables would have seen it alone. A
 * rejection is thrown before anything of this event changed the set's state in a way a
 * retry would see: the set is loaded afresh for each call.
 */
export function applyConsumedEvent(
  c: ApplyContext,
  event: ConsumedTransportEvent,
  envelope: EventEnvelope,
): void {
  switch (envelope.eventType) {
    case 'OrderReleased':
      return recordRelease(c, event as OrderReleasedV1);
    case 'OrderPacked':
      return planShipment(c, event as OrderPackedV1, envelope);
    case 'OrderCancelled':
      return withdraw(c, event as OrderCancelledV1, envelope);
    case 'ShipmentLoaded':
      return markShipmentLoaded(c, event as ShipmentLoadedV1, envelope);
    case 'CarrierMilestoneReported':
      return recordCarrierReport(c, event as CarrierMilestoneReportedV1, envelope);
    default:
      throw new Error(`transport-service does not apply ${envelope.eventType}`);
  }
}

/** Keeps where a released order goes (region, ship-to): OrderPacked plans from it. */
function recordRelease(c: ApplyContext, e: OrderReleasedV1): void {
  c.set.release({
    orderId: e.orderId,
    region: e.region,
    tenant: e.meta.tenant,
    shipTo: e.shipTo,
    releasedEventId: e.meta.eventId,
    cancelledAt: null,
    cancelReason: null,
  });
}

/** OrderPacked before OrderReleased parks until the release arrives. */
function planShipment(c: ApplyContext, e: OrderPackedV1, envelope: EventEnvelope): void {
  const destination = c.set.destinationOf(e.orderId);
  if (!destination) throw new PrerequisiteMissingError('OrderReleased', e.orderId);
  if (destination.cancelledAt) return;
  if (c.set.shipmentOfOrder(e.orderId)) return;
  const planned = plannedShipment(
    e,
    destination,
    (region, country) => c.set.lanesFor(region, country),
    envelope.eventId,
    c.now(),
  );
  const { traceparent } = envelope;
  c.set.plan(
    planned.row,
    planned.entries.map((entry) => ({ ...entry, traceparent })),
  );
}

/**
 * OrderCancelled, the compensation: the open or accepted tender withdrawn (TenderWithdrawn)
 * and the shipment CANCELLED. Before packing it only marks the order, so a later OrderPacked
 * plans nothing.
 */
function withdraw(c: ApplyContext, e: OrderCancelledV1, envelope: EventEnvelope): void {
  const now = c.now();
  c.set.cancel(e.orderId, e.reason, new Date(now));
  const row = c.set.shipmentOfOrder(e.orderId);
  if (!row) return;
  let transition: ShipmentTransition;
  try {
    transition = withdrawShipment(row.state, 'ORDER_CANCELLED', now);
  } catch (error) {
    if (!isTransportError(error, 'TRANSPORT.ALREADY_LOADED')) throw error;
    c.cancelledAfterLoading(e.orderId, error.message);
    return;
  }
  c.set.change(row, transition, envelope.eventId, now, envelope.traceparent);
}

/**
 * ShipmentLoaded (goods issue): the shipment LOADED and the carrier milestones that came first
 * applied. Loading a shipment that does not exist, or has no accepted carrier, can never become
 * right by waiting: it is dead-lettered with the reason.
 */
function markShipmentLoaded(c: ApplyContext, e: ShipmentLoadedV1, envelope: EventEnvelope) {
  const row = c.set.shipmentOfOrder(e.orderId);
  if (!row) {
    throw new NonRetriableError(
      `ShipmentLoaded for order ${e.orderId}, which has no shipment`,
      'TRANSPORT.UNKNOWN_SHIPMENT',
    );
  }
  const transition = markLoaded(row.state, e.meta.occurredAt.getTime());
  c.set.change(row, transition, envelope.eventId, c.now(), envelope.traceparent);
}

/**
 * A carrier platform's report, which must come from the shipment's carrier. Platforms retract
 * by the eventId of their earlier report (meta.retractsEventId): it is resolved to that
 * report's carrierEventId, which is what the shipment's milestones are keyed by.
 */
function recordCarrierReport(
  c: ApplyContext,
  e: CarrierMilestoneReportedV1,
  envelope: EventEnvelope,
): void {
  const { eventId, ...report } = toCarrierReport(e);
  const row = c.set.shipmentTracked(e.trackingNumber);
  if (!row) throw notFound('TRACKING_NUMBER', e.trackingNumber);
  const carrierOfShipment = acceptedTenderOf(row.state)!.carrierId;
  if (carrierOfShipment !== e.carrierId) {
    throw new TransportAppError(
      422,
      'TRANSPORT.WRONG_CARRIER',
      `${e.carrierId} reported on ${e.trackingNumber}, which ${carrierOfShipment} carries`,
      { carrierId: e.carrierId, trackingNumber: e.trackingNumber },
    );
  }
  const retracts = report.retractsEventId;
  const reportsByEventId = { ...row.reportsByEventId, [eventId]: report.carrierEventId };
  const resolved = retracts ? (reportsByEventId[retracts] ?? retracts) : null;
  const state = retractionsNamingThis(row.state, eventId, report.carrierEventId);
  const now = c.now();
  const transition = recordMilestone(state, { ...report, retractsEventId: resolved }, now);
  row.reportsByEventId = reportsByEventId;
  c.set.change(row, transition, eventId, now, envelope.traceparent);
}
