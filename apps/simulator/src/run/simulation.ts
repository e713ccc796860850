import { randomUUID } from 'node:crypto';
import { CarrierPlatform } from '../actors/carrier-platform';
import { ErpDesk } from '../actors/erp-desk';
import { OperationsDesk } from '../actors/operations-desk';
import { WarehouseFloor } from '../actors/warehouse-floor';
import type { ServiceClients } from '../clients/service-clients';
import type { OrderPlan } from '../plan/order-plan';
import { SeededRandom } from '../plan/random';
import { seedWorld } from '../world/seed';
import { EventFeed } from './event-feed';
import { FlowTracker, percentile } from './flow-tracker';
import { CpuMeter, type CpuReport } from './cpu-meter';
import { checkInvariants, runtimeMetrics, stockSnapshot, type InvariantResult } from './invariants';
import { Ledger, type SimulationContext, type SimulationOptions } from './simulation-context';
import { sleep, WorkQueue } from './work-queue';

export interface SimulationReport {
  runId: string;
  options: SimulationOptions;
  durationMs: number;
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
  counters: Record<string, number>;
  failures: { what: string; error: string }[];
  invariants: InvariantResult[];
  /** The simulator's own CPU, per completed flow over the run window. */
  cpu: CpuReport;
  ok: boolean;
}

export interface ProgressSnapshot {
  elapsedMs: number;
  created: number;
  target: number;
  byStatus: Record<string, number>;
  eventsPerSecond: number;
  openExceptions: number;
  pendingCalls: number;
}

/**
 * One run of the simulated enterprise: seed, follow the topics, place orders at the rate, let
 * the actors work until every order is terminal (or nothing moves for `stallTimeoutMs`), then
 * check the invariants and report.
 */
export async function runSimulation(
  clients: ServiceClients,
  options: SimulationOptions,
  onProgress: (p: ProgressSnapshot) => void = () => undefined,
): Promise<SimulationReport> {
  const runId = `${new Date()
    .toISOString()
    .replace(/[-:.TZ]/g, '')
    .slice(0, 14)}-${randomUUID().slice(0, 6)}`;
  const started = Date.now();
  const world = await seedWorld(clients, options.tenderTimeoutSeconds);
  const tracker = new FlowTracker();
  const ledger = new Ledger();
  const work = new WorkQueue(options.concurrency);
  const feed = new EventFeed(clients.endpoints, tracker, runId);
  const ctx: SimulationContext = {
    clients,
    options,
    world,
    plans: new Map(),
    tracker,
    work,
    ledger,
    shipments: new Map(),
    publishCarrierMilestone: (m) => feed.publishCarrierMilestone(m),
  };
  const erp = new ErpDesk(ctx, new SeededRandom(options.seed), runId);
  const floor = new WarehouseFloor(ctx);
  const carriers = new CarrierPlatform(ctx);
  const operations = new OperationsDesk(ctx);
  feed
    .on('InventoryAllocated', (e) => floor.onAllocated(e))
    .on('AllocationFailed', (e) => {
      erp.cancelIfPlanned(e.orderId, 'while back-ordered');
      floor.onAllocationFailed(e);
    })
    .on('OrderPicked', (e) => floor.onPicked(e))
    .on('ShipmentPlanned', (e) => void ctx.shipments.set(e.orderId, e.shipmentId))
    .on('CarrierTendered', (e) => {
      ctx.shipments.set(e.orderId, e.shipmentId);
      erp.cancelIfPlanned(e.orderId, 'after the tender');
      carriers.onTendered(e);
    })
    .on('TenderAccepted', (e) => floor.onTenderAccepted(e))
    .on('ShipmentLoaded', (e) => {
      floor.onLoaded(e);
      carriers.onLoaded(e);
      erp.onLoaded(e);
    })
    .on('ExceptionRaised', (e) => operations.onException(e));

  const stockBefore = await stockSnapshot(clients);
  const metricsBefore = await runtimeMetrics(clients);
  await feed.start(started - 1_000);
  const progress = () =>
    onProgress({
      elapsedMs: Date.now() - started,
      created: ctx.plans.size,
      target: options.orders,
      byStatus: tracker.countByStatus(),
      eventsPerSecond: tracker.eventsPerSecond(),
      openExceptions: tracker.openExceptions(),
      pendingCalls: work.pending,
    });
  const ticker = setInterval(() => {
    progress();
    floor.restock();
  }, 1_000);
  const cpu = new CpuMeter();
  cpu.start();
  try {
    await erp.placeOrders((orderId) => tracker.track(orderId));
    // Wait for every order to be terminal; stop when nothing has moved for stallTimeoutMs.
    let lastCount = -1;
    let lastMove = Date.now();
    while (!(ctx.plans.size === options.orders && tracker.allTerminal() && work.pending === 0)) {
      if (work.failures.length > 0 && work.pending === 0 && ctx.plans.size < options.orders) break;
      const moved = tracker.totalEvents() + ctx.plans.size;
      if (moved !== lastCount) {
        lastCount = moved;
        lastMove = Date.now();
      } else if (Date.now() - lastMove > options.stallTimeoutMs) {
        break;
      }
      await sleep(200);
    }
    await work.drain();
    cpu.stop();
    progress();
  } finally {
    clearInterval(ticker);
  }

  const invariants = await checkInvariants({
    clients,
    tracker,
    plans: ctx.plans,
    ledger,
    stockBefore,
    metricsBefore,
  });
  await feed.stop();
  const latencies = tracker.releaseToInvoiceMs();
  const exceptions = tracker.exceptionList();
  const byType: Record<string, number> = {};
  for (const e of exceptions) byType[e.type] = (byType[e.type] ?? 0) + 1;
  const stuck = tracker
    .all()
    .filter((f) => !tracker.isTerminal(f))
    .map((f) => {
      const plan = ctx.plans.get(f.orderId);
      return {
        orderId: f.orderId,
        status: tracker.status(f),
        plan: plan
          ? {
              shortage: plan.shortage,
              carrier: plan.carrier,
              customsHold: plan.customsHold,
              deliveryFailure: plan.deliveryFailure,
              cancel: plan.cancel,
            }
          : {},
      };
    });
  const failures = work.failures;
  return {
    runId,
    options,
    durationMs: Date.now() - started,
    ordersCreated: ctx.plans.size,
    orders: [...ctx.plans].map(([orderId, plan]) => ({ orderId, plan: planSummary(plan) })),
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
    counters: Object.fromEntries(ledger.counters),
    failures,
    invariants,
    cpu: cpu.report(tracker.all().filter((f) => tracker.isTerminal(f)).length),
    ok:
      ctx.plans.size === options.orders &&
      stuck.length === 0 &&
      failures.length === 0 &&
      invariants.every((i) => i.ok),
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
