/**
 * The control tower's view of one order, folded from every service's milestones: how far it
 * got, what is holding it, and what it waits for next. Pure and order-independent in the same
 * way as the services' own state machines: a late older milestone never moves it back.
 */
export const STAGES = [
  'RELEASED',
  'ALLOCATED',
  'PICKED',
  'PACKED',
  'SHIPPED',
  'IN_TRANSIT',
  'DELIVERED',
  'INVOICED',
  'COMPLETED',
] as const;

export type Stage = (typeof STAGES)[number];
export type OrderStatus = Stage | 'UNKNOWN' | 'CANCELLED';
export type TenderState = 'NONE' | 'TENDERED' | 'ACCEPTED' | 'REJECTED' | 'WITHDRAWN';

const STAGE_OF: Record<string, Stage> = {
  OrderReleased: 'RELEASED',
  InventoryAllocated: 'ALLOCATED',
  OrderPicked: 'PICKED',
  OrderPacked: 'PACKED',
  ShipmentLoaded: 'SHIPPED',
  ShipmentDeparted: 'IN_TRANSIT',
  ShipmentInTransit: 'IN_TRANSIT',
  ShipmentDelivered: 'DELIVERED',
  InvoiceIssued: 'INVOICED',
  OrderCompleted: 'COMPLETED',
};

export interface OrderProgress {
  stage: Stage | 'UNKNOWN';
  cancelled: boolean;
  tender: TenderState;
  /** Open holds by kind: SHORTAGE, NO_CARRIER, CUSTOMS, DELIVERY_FAILED, INVOICE. */
  holds: string[];
  releasedAt: Date | null;
  packedAt: Date | null;
  loadedAt: Date | null;
  lastEventType: string | null;
  lastEventAt: Date | null;
}

export interface MilestoneFact {
  eventType: string;
  occurredAt: Date;
  /** For ExceptionRaised: its type. For InvoiceHeld: its reason. */
  detail?: string;
}

export function emptyProgress(): OrderProgress {
  return {
    stage: 'UNKNOWN',
    cancelled: false,
    tender: 'NONE',
    holds: [],
    releasedAt: null,
    packedAt: null,
    loadedAt: null,
    lastEventType: null,
    lastEventAt: null,
  };
}

const rank = (stage: Stage | 'UNKNOWN') => (stage === 'UNKNOWN' ? -1 : STAGES.indexOf(stage));

function withHold(holds: string[], hold: string, on: boolean): string[] {
  const rest = holds.filter((h) => h !== hold);
  return on ? [...rest, hold].sort() : rest;
}

/** Folds one milestone into the order's progress. */
export function applyMilestone(p: OrderProgress, fact: MilestoneFact): OrderProgress {
  const next: OrderProgress = { ...p, holds: [...p.holds] };
  const stage = STAGE_OF[fact.eventType];
  if (stage && rank(stage) > rank(p.stage)) next.stage = stage;
  if (!p.lastEventAt || fact.occurredAt >= p.lastEventAt) {
    next.lastEventType = fact.eventType;
    next.lastEventAt = fact.occurredAt;
  }
  switch (fact.eventType) {
    case 'OrderReleased':
      next.releasedAt = fact.occurredAt;
      break;
    case 'OrderCancelled':
      next.cancelled = true;
      break;
    case 'AllocationFailed':
      if (rank(next.stage) < rank('ALLOCATED')) next.holds = withHold(next.holds, 'SHORTAGE', true);
      break;
    case 'InventoryAllocated':
      next.holds = withHold(next.holds, 'SHORTAGE', false);
      break;
    case 'OrderPacked':
      next.packedAt = fact.occurredAt;
      break;
    case 'CarrierTendered':
      if (p.tender !== 'ACCEPTED') next.tender = 'TENDERED';
      break;
    case 'TenderAccepted':
      next.tender = 'ACCEPTED';
      next.holds = withHold(next.holds, 'NO_CARRIER', false);
      break;
    case 'TenderRejected':
      if (p.tender === 'TENDERED' || p.tender === 'NONE') next.tender = 'REJECTED';
      break;
    case 'TenderWithdrawn':
      next.tender = 'WITHDRAWN';
      break;
    case 'ExceptionRaised':
      if (fact.detail === 'TENDER_ALL_REJECTED')
        next.holds = withHold(next.holds, 'NO_CARRIER', true);
      break;
    case 'ShipmentLoaded':
      next.loadedAt = fact.occurredAt;
      next.holds = withHold(next.holds, 'NO_CARRIER', false);
      break;
    case 'CustomsHoldRaised':
      next.holds = withHold(next.holds, 'CUSTOMS', true);
      break;
    case 'CustomsCleared':
      next.holds = withHold(next.holds, 'CUSTOMS', false);
      break;
    case 'DeliveryFailed':
      if (rank(next.stage) < rank('DELIVERED'))
        next.holds = withHold(next.holds, 'DELIVERY_FAILED', true);
      break;
    case 'ShipmentDelivered':
      next.holds = withHold(withHold(next.holds, 'DELIVERY_FAILED', false), 'CUSTOMS', false);
      break;
    case 'InvoiceHeld':
      next.holds = withHold(next.holds, 'INVOICE', true);
      break;
    case 'InvoiceReleased':
    case 'InvoiceIssued':
      next.holds = withHold(next.holds, 'INVOICE', false);
      break;
  }
  if (next.stage === 'COMPLETED' || next.cancelled) next.holds = [];
  return next;
}

export function statusOf(p: OrderProgress): OrderStatus {
  if (p.stage === 'COMPLETED') return 'COMPLETED';
  if (p.cancelled) return 'CANCELLED';
  return p.stage;
}

export interface WaitingFor {
  eventType: string;
  from: string;
  why: string;
}

/** The answer to "why is this order stuck": the milestone it waits for and who owes it. */
export function waitingFor(p: OrderProgress): WaitingFor | null {
  const status = statusOf(p);
  if (status === 'COMPLETED' || status === 'CANCELLED') return null;
  if (p.holds.includes('SHORTAGE')) {
    return {
      eventType: 'InventoryAllocated',
      from: 'warehouse-service',
      why: 'back-ordered: waits for a stock receipt',
    };
  }
  if (p.holds.includes('NO_CARRIER')) {
    return {
      eventType: 'TenderAccepted',
      from: 'transport desk',
      why: 'every carrier rejected: an operator must assign one',
    };
  }
  if (p.holds.includes('CUSTOMS')) {
    return { eventType: 'CustomsCleared', from: 'carrier', why: 'held in customs' };
  }
  if (p.holds.includes('DELIVERY_FAILED')) {
    return {
      eventType: 'ShipmentDelivered',
      from: 'carrier',
      why: 'a delivery attempt failed: waits for the next one',
    };
  }
  if (p.holds.includes('INVOICE')) {
    return { eventType: 'InvoiceReleased', from: 'billing-service', why: 'the invoice is held' };
  }
  switch (p.stage) {
    case 'UNKNOWN':
      return { eventType: 'OrderReleased', from: 'order-service', why: 'not released yet' };
    case 'RELEASED':
      return {
        eventType: 'InventoryAllocated',
        from: 'warehouse-service',
        why: 'waits for allocation',
      };
    case 'ALLOCATED':
      return { eventType: 'OrderPicked', from: 'warehouse floor', why: 'waits to be picked' };
    case 'PICKED':
      return { eventType: 'OrderPacked', from: 'warehouse floor', why: 'waits to be packed' };
    case 'PACKED':
      if (p.tender === 'ACCEPTED')
        return {
          eventType: 'ShipmentLoaded',
          from: 'warehouse floor',
          why: 'a carrier accepted: waits for loading',
        };
      if (p.tender === 'TENDERED')
        return {
          eventType: 'TenderAccepted',
          from: 'carrier',
          why: 'tendered: waits for the carrier to answer',
        };
      return { eventType: 'CarrierTendered', from: 'transport-service', why: 'waits for a tender' };
    case 'SHIPPED':
      return { eventType: 'ShipmentDeparted', from: 'carrier', why: 'loaded: waits for departure' };
    case 'IN_TRANSIT':
      return { eventType: 'ShipmentDelivered', from: 'carrier', why: 'in transit' };
    case 'DELIVERED':
      return {
        eventType: 'InvoiceIssued',
        from: 'billing-service',
        why: 'delivered: waits for the invoice',
      };
    case 'INVOICED':
      return {
        eventType: 'OrderCompleted',
        from: 'order-service',
        why: 'invoiced: waits for completion',
      };
    default:
      return null;
  }
}
