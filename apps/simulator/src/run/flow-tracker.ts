/**
 * What the simulator has seen on the milestone topics, per order: how far each order got, the
 * distinct events of each type, exceptions raised and resolved, and the times that give the
 * order-released-to-invoice-issued latency. Pure: the event feed calls `observe`.
 */
export const FLOW_STAGES = [
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

export type FlowStage = (typeof FLOW_STAGES)[number];
export type FlowStatus = FlowStage | 'CREATED' | 'CANCELLED';

const STAGE_OF: Record<string, FlowStage> = {
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

export interface ObservedEvent {
  eventType: string;
  eventId: string;
  orderId: string;
  occurredAt: Date;
  /** For ExceptionRaised / ExceptionResolved. */
  exceptionId?: string;
  exceptionType?: string;
}

export interface OrderFlow {
  orderId: string;
  stage: FlowStage | 'CREATED';
  cancelled: boolean;
  onHold: boolean;
  /** Distinct eventIds seen per event type. */
  events: Map<string, Set<string>>;
  releasedAt?: Date;
  invoicedAt?: Date;
}

export interface ExceptionRecord {
  exceptionId: string;
  type: string;
  orderId: string;
  resolved: boolean;
}

export class FlowTracker {
  private readonly flows = new Map<string, OrderFlow>();
  private readonly exceptions = new Map<string, ExceptionRecord>();
  private readonly seenEventIds = new Set<string>();
  private duplicates = 0;
  /** Kept as events arrive: the run asks after every event whether all orders are terminal. */
  private terminal = 0;
  private readonly eventTimes: number[] = [];

  /** An order of this run; events of other orders are ignored. */
  track(orderId: string): void {
    if (!this.flows.has(orderId)) {
      this.flows.set(orderId, {
        orderId,
        stage: 'CREATED',
        cancelled: false,
        onHold: false,
        events: new Map(),
      });
    }
  }

  isTracked(orderId: string): boolean {
    return this.flows.has(orderId);
  }

  /** Returns false for an event of an untracked order or one already seen (a redelivery). */
  observe(e: ObservedEvent, now = Date.now()): boolean {
    const flow = this.flows.get(e.orderId);
    if (!flow) return false;
    if (this.seenEventIds.has(e.eventId)) {
      this.duplicates++;
      return false;
    }
    this.seenEventIds.add(e.eventId);
    this.eventTimes.push(now);
    const wasTerminal = this.isTerminal(flow);
    const ids = flow.events.get(e.eventType) ?? new Set<string>();
    ids.add(e.eventId);
    flow.events.set(e.eventType, ids);
    const stage = STAGE_OF[e.eventType];
    if (stage && rank(stage) > rank(flow.stage)) flow.stage = stage;
    if (e.eventType === 'OrderReleased') flow.releasedAt = e.occurredAt;
    if (e.eventType === 'InvoiceIssued') flow.invoicedAt ??= e.occurredAt;
    if (e.eventType === 'OrderCancelled') flow.cancelled = true;
    if (e.eventType === 'OrderHeld') flow.onHold = true;
    if (e.eventType === 'OrderHoldReleased') flow.onHold = false;
    if (e.eventType === 'ExceptionRaised' && e.exceptionId) {
      const known = this.exceptions.get(e.exceptionId);
      this.exceptions.set(e.exceptionId, {
        exceptionId: e.exceptionId,
        type: e.exceptionType ?? 'UNKNOWN',
        orderId: e.orderId,
        resolved: known?.resolved ?? false,
      });
    }
    if (e.eventType === 'ExceptionResolved' && e.exceptionId) {
      const known = this.exceptions.get(e.exceptionId);
      this.exceptions.set(e.exceptionId, {
        exceptionId: e.exceptionId,
        type: known?.type ?? e.exceptionType ?? 'UNKNOWN',
        orderId: e.orderId,
        resolved: true,
      });
    }
    if (!wasTerminal && this.isTerminal(flow)) this.terminal++;
    return true;
  }

  flow(orderId: string): OrderFlow | undefined {
    return this.flows.get(orderId);
  }

  all(): OrderFlow[] {
    return [...this.flows.values()];
  }

  status(flow: OrderFlow): FlowStatus {
    if (flow.stage === 'COMPLETED') return 'COMPLETED';
    if (flow.cancelled) return 'CANCELLED';
    return flow.stage;
  }

  isTerminal(flow: OrderFlow): boolean {
    const status = this.status(flow);
    return status === 'COMPLETED' || status === 'CANCELLED';
  }

  /** Orders of the run in a terminal state: COMPLETED and CANCELLED never change again. */
  terminalCount(): number {
    return this.terminal;
  }

  allTerminal(): boolean {
    return this.terminal === this.flows.size;
  }

  countByStatus(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const flow of this.flows.values()) {
      const key = this.status(flow) + (flow.onHold && !this.isTerminal(flow) ? ' (on hold)' : '');
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }

  exceptionList(): ExceptionRecord[] {
    return [...this.exceptions.values()];
  }

  openExceptions(): number {
    return this.exceptionList().filter((e) => !e.resolved).length;
  }

  countByEventType(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const flow of this.flows.values()) {
      for (const [type, ids] of flow.events) counts[type] = (counts[type] ?? 0) + ids.size;
    }
    return counts;
  }

  redeliveries(): number {
    return this.duplicates;
  }

  /** Distinct events observed in the last `windowMs` per second. */
  eventsPerSecond(now = Date.now(), windowMs = 5_000): number {
    const since = now - windowMs;
    let count = 0;
    for (let i = this.eventTimes.length - 1; i >= 0 && this.eventTimes[i] >= since; i--) count++;
    return count / (windowMs / 1000);
  }

  totalEvents(): number {
    return this.seenEventIds.size;
  }

  /** Released-to-invoice-issued latency of every invoiced order, in milliseconds. */
  releaseToInvoiceMs(): number[] {
    return this.all()
      .filter((f) => f.releasedAt && f.invoicedAt)
      .map((f) => f.invoicedAt!.getTime() - f.releasedAt!.getTime());
  }
}

function rank(stage: FlowStage | 'CREATED'): number {
  return stage === 'CREATED' ? -1 : FLOW_STAGES.indexOf(stage);
}

/** The nearest-rank percentile (p in 0..100) of the values; undefined for none. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rankIndex = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rankIndex))];
}
