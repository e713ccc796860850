import type { OrderPlan } from '../plan/order-plan';
import type { CpuReport } from './cpu-meter';
import { percentile, type FlowTracker } from './flow-tracker';
import type { InvariantResult } from './invariants';
import type { RunEnd } from './run-completion';
import type { Ledger, SimulationOptions } from './simulation-context';

export interface SimulationReport {
  runId: string;
  options: SimulationOptions;
  durationMs: number;
  /** Why the run stopped waiting: every order terminal, nothing moved, or calls failed. */
  end: RunEnd;
  ordersCreated: number;
  /** The run's orders and the plan each followed. */
  orders: { orderId: string; plan: Partial<OrderPlan> }[];
  byStatus: Record<string, number>;
  stuck: { orderId: string; status: string; plan: Partial<OrderPlan> }[];
  exceptions: { raised: number; resolved: number; byType: Record<string, number> };
  releaseToInvoiceMs: { count: number; p50?: number; p95?: number; p99?: number };
  eventsObserved: number;
  /** Distinct events of this run's orders per type, as the topics carried them. */
  eventsByType: Record<string, number>;
  redeliveriesObserved: number;
  /** Messages read: decoded, counted from their headers alone, skipped undecoded. */
  eventMessages: { decoded: number; counted: number; skipped: number };
  counters: Record<string, number>;
  failures: { what: string; error: string }[];
  invariants: InvariantResult[];
  /** The simulator's own CPU, per completed flow over the run window. */
  cpu: CpuReport;
  ok: boolean;
}

export interface ReportInputs {
  runId: string;
  options: SimulationOptions;
  started: number;
  end: RunEnd;
  plans: Map<string, OrderPlan>;
  tracker: FlowTracker;
  ledger: Ledger;
  failures: { what: string; error: string }[];
  invariants: InvariantResult[];
  eventMessages: SimulationReport['eventMessages'];
  cpu: CpuReport;
}

/** The report of a run: what the topics showed, what the actors did, what the checks found. */
export function simulationReport(r: ReportInputs): SimulationReport {
  const { tracker, plans } = r;
  const latencies = tracker.releaseToInvoiceMs();
  const exceptions = tracker.exceptionList();
  const byType: Record<string, number> = {};
  for (const e of exceptions) byType[e.type] = (byType[e.type] ?? 0) + 1;
  const stuck = tracker
    .all()
    .filter((f) => !tracker.isTerminal(f))
    .map((f) => {
      const plan = plans.get(f.orderId);
      return { orderId: f.orderId, status: tracker.status(f), plan: plan ? planSummary(plan) : {} };
    });
  return {
    runId: r.runId,
    options: r.options,
    durationMs: Date.now() - r.started,
    end: r.end,
    ordersCreated: plans.size,
    orders: [...plans].map(([orderId, plan]) => ({ orderId, plan: planSummary(plan) })),
    byStatus: tracker.countByStatus(),
    stuck,
    exceptions: {
      raised: exceptions.length,
      resolved: exceptions.filter((e) => e.resolved).length,
      byType,
    },
    releaseToInvoiceMs: {
      count: latencies.length,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
    },
    eventsObserved: tracker.totalEvents(),
    eventsByType: tracker.countByEventType(),
    redeliveriesObserved: tracker.redeliveries(),
    eventMessages: r.eventMessages,
    counters: Object.fromEntries(r.ledger.counters),
    failures: r.failures,
    invariants: r.invariants,
    cpu: r.cpu,
    ok:
      plans.size === r.options.orders &&
      stuck.length === 0 &&
      r.failures.length === 0 &&
      r.invariants.every((i) => i.ok),
  };
}

function planSummary(plan: OrderPlan): Partial<OrderPlan> {
  const {
    shortage,
    carrier,
    customsHold,
    deliveryFailure,
    cancel,
    lateCancel,
    milestonesViaTopic,
  } = plan;
  return {
    shortage,
    carrier,
    customsHold,
    deliveryFailure,
    cancel,
    lateCancel,
    milestonesViaTopic,
  };
}
