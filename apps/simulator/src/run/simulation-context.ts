import type { ServiceClients } from '../clients/service-clients';
import type { OrderPlan, TroubleRates } from '../plan/order-plan';
import type { SeededWorld } from '../world/seed';
import type { FlowTracker } from './flow-tracker';
import type { OrderSignals } from './order-signals';
import type { ShipmentBook } from './shipment-book';
import type { WorkQueue } from './work-queue';

export interface SimulationOptions {
  orders: number;
  /** Orders created per second. */
  rate: number;
  seed: number;
  rates: TroubleRates;
  /** Delay before a person or a carrier acts on what they see, in ms (0 for benchmarks). */
  actorDelayMs: number;
  /** Tender timeout configured on the seeded lanes. */
  tenderTimeoutSeconds: number;
  /** Give up waiting for terminal states after this long without progress. */
  stallTimeoutMs: number;
  /** Parallel API calls of all actors together. */
  concurrency: number;
}

/** Counts of what the outside world did and what it was answered: the report's raw material. */
export class Ledger {
  /** `${warehouseId}|${sku}` -> quantity received by the simulator during this run. */
  readonly received = new Map<string, number>();
  /** `${warehouseId}|${sku}` -> quantity that left on ShipmentLoaded for this run's orders. */
  readonly shipped = new Map<string, number>();
  readonly counters = new Map<string, number>();
  readonly violations: string[] = [];

  add(map: Map<string, number>, warehouseId: string, sku: string, quantity: number): void {
    const key = `${warehouseId}|${sku}`;
    map.set(key, (map.get(key) ?? 0) + quantity);
  }

  count(name: string, by = 1): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + by);
  }

  counter(name: string): number {
    return this.counters.get(name) ?? 0;
  }
}

export interface CarrierMilestoneInput {
  carrierId: string;
  trackingNumber: string;
  orderId: string;
  carrierEventId: string;
  code: string;
  classifier: 'PLANNED' | 'ESTIMATED' | 'ACTUAL';
  occurredAt: Date;
  city: string;
  country: string;
  proofOfDelivery?: { signedBy: string; receivedBy: string; podReference: string };
}

export interface SimulationContext {
  clients: ServiceClients;
  options: SimulationOptions;
  world: SeededWorld;
  /** Plans of this run's orders, by orderId. */
  plans: Map<string, OrderPlan>;
  tracker: FlowTracker;
  work: WorkQueue;
  ledger: Ledger;
  /** Where each order's shipment is, from CarrierTendered. */
  shipments: ShipmentBook;
  /** Reactions waiting for an order's next event. */
  signals: OrderSignals;
  /** Publishes a carrier platform's milestone on carrier.events.v1. */
  publishCarrierMilestone(input: CarrierMilestoneInput): Promise<void>;
}
