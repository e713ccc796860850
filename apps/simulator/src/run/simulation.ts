import { randomUUID } from 'node:crypto';
import { CarrierPlatform } from '../actors/carrier-platform';
import { ErpDesk } from '../actors/erp-desk';
import { OperationsDesk } from '../actors/operations-desk';
import { WarehouseFloor } from '../actors/warehouse-floor';
import type { ServiceClients } from '../clients/service-clients';
import { SeededRandom } from '../plan/random';
import { seedWorld } from '../world/seed';
import { CpuMeter } from './cpu-meter';
import { EventFeed } from './event-feed';
import { FlowTracker } from './flow-tracker';
import { checkInvariants, runtimeMetrics, stockSnapshot } from './invariants';
import { OrderSignals } from './order-signals';
import { RunCompletion, type RunEnd, type RunState } from './run-completion';
import { ShipmentBook } from './shipment-book';
import { Ledger, type SimulationContext, type SimulationOptions } from './simulation-context';
import { simulationReport, type SimulationReport } from './simulation-report';
import { WorkQueue } from './work-queue';

export type { SimulationReport } from './simulation-report';

export interface ProgressSnapshot {
  elapsedMs: number;
  created: number;
  target: number;
  byStatus: Record<string, number>;
  eventsPerSecond: number;
  openExceptions: number;
  pendingCalls: number;
}

/** Who reacts to which event: the actors' subscriptions, in one place. Returns the ERP desk. */
function wireActors(feed: EventFeed, ctx: SimulationContext, runId: string): ErpDesk {
  const erp = new ErpDesk(ctx, new SeededRandom(ctx.options.seed), runId);
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
    .on('CarrierTendered', (e) => {
      ctx.shipments.record(e.orderId, e.shipmentId);
      erp.cancelIfPlanned(e.orderId, 'after the tender');
      carriers.onTendered(e);
    })
    .on('TenderAccepted', (e) => floor.onTenderAccepted(e))
    .on('ShipmentLoaded', (e) => {
      floor.onLoaded(e);
      carriers.onLoaded(e);
      erp.onLoaded(e);
    })
    .on('ExceptionRaised', (e) => operations.onException(e))
    .onFresh((e) => ctx.signals.notify(e.orderId));
  return erp;
}

/**
 * One run of the simulated enterprise: seed, follow the topics, place orders at the rate, let
 * the actors react to what the topics show until every order is terminal (or nothing moves for
 * `stallTimeoutMs`), then check the invariants and report.
 */
export async function runSimulation(
  clients: ServiceClients,
  options: SimulationOptions,
  onProgress?: (p: ProgressSnapshot) => void,
): Promise<SimulationReport> {
  const runId = `${new Date()
    .toISOString()
    .replace(/[-:.TZ]/g, '')
    .slice(0, 14)}-${randomUUID().slice(0, 6)}`;
  const started = Date.now();
  const world = await seedWorld(clients, options.tenderTimeoutSeconds);
  const tracker = new FlowTracker();
  const state = (): RunState => {
    if (ctx.plans.size === options.orders && tracker.allTerminal() && work.pending === 0)
      return 'finished';
    if (work.failures.length > 0 && work.pending === 0 && ctx.plans.size < options.orders)
      return 'calls failed';
    return 'running';
  };
  const completion = new RunCompletion(state, options.stallTimeoutMs);
  const work = new WorkQueue(options.concurrency, () => completion.check());
  const feed = new EventFeed(clients.endpoints, tracker, runId);
  const ctx: SimulationContext = {
    clients,
    options,
    world,
    plans: new Map(),
    tracker,
    work,
    ledger: new Ledger(),
    shipments: new ShipmentBook(),
    signals: new OrderSignals(),
    publishCarrierMilestone: (m) => feed.publishCarrierMilestone(m),
  };
  const erp = wireActors(feed, ctx, runId);
  feed.onFresh(() => completion.moved());

  const stockBefore = await stockSnapshot(clients);
  const metricsBefore = await runtimeMetrics(clients);
  await feed.start(started - 1_000);
  const progress = () =>
    onProgress?.({
      elapsedMs: Date.now() - started,
      created: ctx.plans.size,
      target: options.orders,
      byStatus: tracker.countByStatus(),
      eventsPerSecond: tracker.eventsPerSecond(),
      openExceptions: tracker.openExceptions(),
      pendingCalls: work.pending,
    });
  // A display only: nothing waits on it.
  const ticker = onProgress ? setInterval(progress, 1_000) : undefined;
  const cpu = new CpuMeter();
  cpu.start();
  let end: RunEnd;
  try {
    await erp.placeOrders((orderId) => {
      tracker.track(orderId);
      completion.moved();
    });
    completion.start();
    end = await completion.ended;
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
    ledger: ctx.ledger,
    stockBefore,
    metricsBefore,
  });
  await feed.stop();
  return simulationReport({
    runId,
    options,
    started,
    end,
    plans: ctx.plans,
    tracker,
    ledger: ctx.ledger,
    failures: work.failures,
    invariants,
    eventMessages: feed.messages,
    cpu: cpu.report(tracker.terminalCount()),
  });
}
