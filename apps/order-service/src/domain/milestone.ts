import type { ProgressStatus } from './order-status';

/** Why an order is on hold; INVOICE_HELD has no symbol in OrderHoldReason v1 (see README). */
export type HoldReason =
  'ALLOCATION_SHORTAGE' | 'NO_CARRIER' | 'CUSTOMS' | 'DELIVERY_FAILED' | 'INVOICE_HELD';

export const milestoneTypes = [
  'InventoryAllocated',
  'AllocationFailed',
  'AllocationReleased',
  'OrderPicked',
  'OrderPacked',
  'ShipmentPlanned',
  'CarrierTendered',
  'TenderAccepted',
  'TenderRejected',
  'ShipmentLoaded',
  'ShipmentDeparted',
  'ShipmentInTransit',
  'CustomsHoldRaised',
  'CustomsCleared',
  'ShipmentDelivered',
  'DeliveryFailed',
  'FreightCostConfirmed',
  'InvoiceHeld',
  'InvoiceReleased',
  'InvoiceIssued',
  'ExceptionRaised',
] as const;

export type MilestoneType = (typeof milestoneTypes)[number];

/** A milestone another service reported, reduced to what the order's status needs. */
export interface Milestone {
  eventId: string;
  type: MilestoneType;
  occurredAt: Date;
  producer: string;
  /** Carrier milestones: PLANNED and ESTIMATED ones are recorded but change nothing. */
  classifier?: string;
  detail?: string | null;
  invoiceId?: string | null;
  /** ExceptionRaised of another service: its type (TENDER_ALL_REJECTED holds the order). */
  exceptionType?: string;
}

export type MilestoneEffect =
  | { kind: 'advance'; to: ProgressStatus }
  | { kind: 'hold'; reason: HoldReason }
  | { kind: 'clearHold'; reason: HoldReason }
  | { kind: 'none' };

const effects: Record<MilestoneType, MilestoneEffect> = {
  InventoryAllocated: { kind: 'advance', to: 'ALLOCATED' },
  AllocationFailed: { kind: 'hold', reason: 'ALLOCATION_SHORTAGE' },
  // A released allocation follows a cancellation or a re-allocation: the status stays.
  AllocationReleased: { kind: 'none' },
  OrderPicked: { kind: 'advance', to: 'PICKED' },
  OrderPacked: { kind: 'advance', to: 'PACKED' },
  ShipmentPlanned: { kind: 'none' },
  CarrierTendered: { kind: 'none' },
  TenderAccepted: { kind: 'clearHold', reason: 'NO_CARRIER' },
  TenderRejected: { kind: 'none' },
  ShipmentLoaded: { kind: 'advance', to: 'SHIPPED' },
  ShipmentDeparted: { kind: 'advance', to: 'IN_TRANSIT' },
  ShipmentInTransit: { kind: 'advance', to: 'IN_TRANSIT' },
  CustomsHoldRaised: { kind: 'hold', reason: 'CUSTOMS' },
  CustomsCleared: { kind: 'clearHold', reason: 'CUSTOMS' },
  ShipmentDelivered: { kind: 'advance', to: 'DELIVERED' },
  DeliveryFailed: { kind: 'hold', reason: 'DELIVERY_FAILED' },
  FreightCostConfirmed: { kind: 'none' },
  InvoiceHeld: { kind: 'hold', reason: 'INVOICE_HELD' },
  InvoiceReleased: { kind: 'clearHold', reason: 'INVOICE_HELD' },
  // Issuing the invoice completes the order: INVOICED is passed on the way to COMPLETED.
  InvoiceIssued: { kind: 'advance', to: 'COMPLETED' },
  ExceptionRaised: { kind: 'none' },
};

/** From this progress on a hold of the reason is moot (the stock was allocated, ...). */
export const holdSupersededAt: Record<HoldReason, ProgressStatus> = {
  ALLOCATION_SHORTAGE: 'ALLOCATED',
  NO_CARRIER: 'SHIPPED',
  CUSTOMS: 'DELIVERED',
  DELIVERY_FAILED: 'DELIVERED',
  INVOICE_HELD: 'INVOICED',
};

const unconfirmed = new Set(['PLANNED', 'ESTIMATED']);

export function effectOf(milestone: Milestone): MilestoneEffect {
  if (milestone.type === 'ExceptionRaised') {
    // Every carrier rejected the tender: the order waits for a carrier (DESIGN section 3.4).
    return milestone.exceptionType === 'TENDER_ALL_REJECTED'
      ? { kind: 'hold', reason: 'NO_CARRIER' }
      : { kind: 'none' };
  }
  if (milestone.classifier !== undefined) {
    if (milestone.type === 'ShipmentDelivered' && milestone.classifier !== 'ACTUAL') {
      return { kind: 'none' };
    }
    if (unconfirmed.has(milestone.classifier)) return { kind: 'none' };
  }
  return effects[milestone.type];
}
