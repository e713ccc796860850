import type { CarrierException } from './carrier-exception';
import type { MilestoneCode, RecordedMilestone } from './carrier-milestone';
import type { FreightQuote } from './freight-quote';
import type { ShipmentRoute } from './lane-selection';
import type { ShipmentStatus } from './shipment';
import type { PickupWindow, TenderRejectionReason, TenderWithdrawalReason } from './tender';

/**
 * What the domain reports; the application maps each to its Avro event (or to nothing) and
 * writes it to the outbox with the state change. Times are UTC epoch milliseconds.
 */
interface ShipmentRef {
  readonly shipmentId: string;
  readonly orderId: string;
}

interface TenderRef extends ShipmentRef {
  readonly tenderId: string;
  readonly carrierId: string;
  readonly attempt: number;
}

export type TransportEvent =
  | (ShipmentRef & {
      readonly type: 'ShipmentPlanned';
      readonly route: ShipmentRoute;
      readonly at: number;
    })
  | (TenderRef & {
      readonly type: 'CarrierTendered';
      readonly expiresAt: number;
      readonly quote: FreightQuote;
    })
  | (TenderRef & {
      readonly type: 'TenderAccepted';
      readonly trackingNumber: string;
      readonly pickupWindow: PickupWindow;
      readonly manual: boolean;
    })
  | (TenderRef & {
      readonly type: 'TenderRejected';
      readonly reason: TenderRejectionReason;
      readonly detail: string | null;
    })
  | (TenderRef & { readonly type: 'TenderWithdrawn'; readonly reason: TenderWithdrawalReason })
  | { readonly type: 'ExceptionRaised'; readonly exception: CarrierException }
  | (ShipmentRef & {
      readonly type: 'ExceptionResolved';
      readonly exceptionId: string;
      readonly resolution: 'CARRIER_ASSIGNED' | 'SHIPMENT_CANCELLED';
    })
  | (ShipmentRef & {
      readonly type: 'ShipmentStatusAdvanced';
      readonly from: ShipmentStatus;
      readonly to: ShipmentStatus;
      /** The milestone that now defines the status; null when loading moved it. */
      readonly milestone: RecordedMilestone | null;
    })
  | (ShipmentRef & {
      readonly type: 'ShipmentStatusCorrected';
      readonly from: ShipmentStatus;
      readonly to: ShipmentStatus;
      readonly retractedEventId: string;
    })
  | (ShipmentRef & { readonly type: 'CustomsHoldRaised'; readonly milestone: RecordedMilestone })
  | (ShipmentRef & { readonly type: 'CustomsCleared'; readonly milestone: RecordedMilestone })
  | (ShipmentRef & {
      readonly type: 'ExpectedTimeUpdated';
      readonly code: MilestoneCode;
      readonly expectedAt: number;
    })
  | (ShipmentRef & {
      readonly type: 'FreightCostConfirmed';
      readonly carrierId: string;
      readonly freight: FreightQuote;
    });

export type TransportEventType = TransportEvent['type'];
