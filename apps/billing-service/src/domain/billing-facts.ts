/**
 * What the billing case learns, in domain terms. The application maps each decoded event
 * (OrderReleased, FreightCostConfirmed, ...) or API command to one of these; the domain
 * never sees Avro or Kafka. Times are UTC epoch milliseconds.
 */
export type MilestoneClassifier = 'UNKNOWN' | 'PLANNED' | 'ESTIMATED' | 'ACTUAL';

interface FactBase {
  /** eventId of the event, or the command id of a manual action; repeats are ignored. */
  readonly eventId: string;
  readonly orderId: string;
}

export interface OrderReleasedFact extends FactBase {
  readonly type: 'OrderReleased';
  readonly customerId: string;
  readonly currency: string;
  readonly region: string;
  readonly lines: readonly {
    readonly lineNo: number;
    readonly sku: string;
    readonly quantity: number;
    readonly unitPriceMinor: number;
    readonly currency: string;
  }[];
}

export interface FreightCostConfirmedFact extends FactBase {
  readonly type: 'FreightCostConfirmed';
  readonly amountMinor: number;
  readonly currency: string;
  readonly occurredAt: number;
}

interface CarrierMilestone extends FactBase {
  readonly shipmentId: string;
  readonly classifier: MilestoneClassifier;
  readonly milestoneAt: number;
}

export interface ShipmentDeliveredFact extends CarrierMilestone {
  readonly type: 'ShipmentDelivered';
}

export interface CustomsHoldRaisedFact extends CarrierMilestone {
  readonly type: 'CustomsHoldRaised';
}

export interface CustomsClearedFact extends CarrierMilestone {
  readonly type: 'CustomsCleared';
}

export interface DeliveryFailedFact extends CarrierMilestone {
  readonly type: 'DeliveryFailed';
}

export interface OrderCancelledFact extends FactBase {
  readonly type: 'OrderCancelled';
}

export interface ManualHoldPlacedFact extends FactBase {
  readonly type: 'ManualHoldPlaced';
  readonly note: string;
  readonly by: string;
}

export interface ManualHoldReleasedFact extends FactBase {
  readonly type: 'ManualHoldReleased';
  readonly note: string;
  readonly by: string;
}

export type BillingFact =
  | OrderReleasedFact
  | FreightCostConfirmedFact
  | ShipmentDeliveredFact
  | CustomsHoldRaisedFact
  | CustomsClearedFact
  | DeliveryFailedFact
  | OrderCancelledFact
  | ManualHoldPlacedFact
  | ManualHoldReleasedFact;

/** Forecasts (PLANNED, ESTIMATED) never change what billing does. */
export function isForecast(classifier: MilestoneClassifier): boolean {
  return classifier === 'PLANNED' || classifier === 'ESTIMATED';
}
