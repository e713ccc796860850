import type { CarrierException } from './carrier-exception';
import type { RecordedMilestone } from './carrier-milestone';
import type { FreightQuote } from './freight-quote';
import { assertWeightGrams } from './freight-quote';
import type { ShipmentRoute, TenderCandidate } from './lane-selection';
import type { Tender } from './tender';
import { TransportError } from './transport-errors';
import type { TransportEvent } from './transport-events';

/**
 * Before loading the status follows the tender; from LOADED on it follows the carrier's
 * ACTUAL milestones (see milestone-projection.ts). ON_HOLD: no carrier accepted.
 */
export type ShipmentStatus =
  | 'PLANNED'
  | 'TENDERED'
  | 'ACCEPTED'
  | 'ON_HOLD'
  | 'CANCELLED'
  | 'LOADED'
  | 'DEPARTED'
  | 'IN_TRANSIT'
  | 'OUT_FOR_DELIVERY'
  | 'DELIVERY_FAILED'
  | 'DELIVERED';

/** Immutable: every command returns a new shipment and the events it caused. */
export interface Shipment {
  readonly shipmentId: string;
  readonly orderId: string;
  readonly route: ShipmentRoute;
  readonly status: ShipmentStatus;
  readonly plannedAt: number;
  /** Chosen once at planning, so a lane edit mid-tender does not reshuffle the attempts. */
  readonly tenderSequence: readonly TenderCandidate[];
  readonly tenders: readonly Tender[];
  readonly openException: CarrierException | null;
  readonly loadedAt: number | null;
  /** Every carrier report ever accepted, in arrival order, retracted ones included. */
  readonly milestones: readonly RecordedMilestone[];
  readonly customsHold: boolean;
  readonly confirmedFreight: FreightQuote | null;
}

/** The result of every command: the new state and the events to publish with it. */
export interface ShipmentTransition {
  readonly shipment: Shipment;
  readonly events: readonly TransportEvent[];
}

export interface PlanShipmentInput {
  readonly shipmentId: string;
  readonly orderId: string;
  readonly route: ShipmentRoute;
  /** From selectTenderSequence over the lanes known at planning time. */
  readonly tenderSequence: readonly TenderCandidate[];
}

/** PLANNED; tendering is a separate step (startTendering) so both are visible in the log. */
export function planShipment(input: PlanShipmentInput, now: number): ShipmentTransition {
  if (!input.shipmentId || !input.orderId) {
    throw new TransportError('TRANSPORT.INVALID_SHIPMENT', 'shipmentId and orderId are required');
  }
  assertWeightGrams(input.route.totalWeightGrams);
  const shipment: Shipment = {
    ...input,
    status: 'PLANNED',
    plannedAt: now,
    tenders: [],
    openException: null,
    loadedAt: null,
    milestones: [],
    customsHold: false,
    confirmedFreight: null,
  };
  return {
    shipment,
    events: [
      {
        type: 'ShipmentPlanned',
        shipmentId: input.shipmentId,
        orderId: input.orderId,
        route: input.route,
        at: now,
      },
    ],
  };
}

export function acceptedTenderOf(shipment: Shipment): Tender | null {
  return shipment.tenders.find((tender) => tender.status === 'ACCEPTED') ?? null;
}

export function hasBeenLoaded(shipment: Shipment): boolean {
  return shipment.loadedAt !== null;
}
