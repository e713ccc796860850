import type { ServiceClients } from '../clients/service-clients';
import { SCARCE_SKU, SKUS, WAREHOUSES } from '../world/enterprise';
import type { FlowTracker } from './flow-tracker';
import type { Ledger } from './simulation-context';
import { orderValue, type OrderPlan } from '../plan/order-plan';
import { sleep } from './work-queue';

export interface InvariantResult {
  name: string;
  ok: boolean;
  details: string[];
}

export type StockSnapshot = Map<string, { onHand: number; allocated: number }>;

/** On-hand and allocated of every seeded SKU in every warehouse, through the inventory API. */
export async function stockSnapshot(clients: ServiceClients): Promise<StockSnapshot> {
  const snapshot: StockSnapshot = new Map();
  for (const warehouse of WAREHOUSES) {
    for (const sku of [...SKUS, SCARCE_SKU]) {
      const row = await clients.warehouse.inventory(sku.sku, warehouse.id);
      snapshot.set(`${warehouse.id}|${sku.sku}`, {
        onHand: row?.onHand ?? 0,
        allocated: row?.allocated ?? 0,
      });
    }
  }
  return snapshot;
}

export type MetricSnapshot = Map<string, number>;

/** Sums of the runtime's metrics per service, scraped from /metrics. */
export async function runtimeMetrics(clients: ServiceClients): Promise<MetricSnapshot> {
  const snapshot: MetricSnapshot = new Map();
  const services: [string, string][] = [
    ['order-service', clients.endpoints.orderUrl],
    ['warehouse-service', clients.endpoints.warehouseUrl],
    ['transport-service', clients.endpoints.transportUrl],
    ['billing-service', clients.endpoints.billingUrl],
  ];
  for (const [service, url] of services) {
    const text = await (await fetch(`${url}/metrics`)).text();
    for (const line of text.split('\n')) {
      const match =
        /^(logisync_(?:outbox_backlog|parked_events|dead_letters_total|consumer_lag))(?:\{[^}]*\})? ([0-9.eE+-]+)$/.exec(
          line,
        );
      if (!match) continue;
      const key = `${service} ${match[1]}`;
      snapshot.set(key, (snapshot.get(key) ?? 0) + Number(match[2]));
    }
  }
  return snapshot;
}

interface Inputs {
  clients: ServiceClients;
  tracker: FlowTracker;
  plans: Map<string, OrderPlan>;
  ledger: Ledger;
  stockBefore: StockSnapshot;
  metricsBefore: MetricSnapshot;
}

/**
 * the invariants of docs/architecture.md (section 5), checked through the services' public APIs and what the topics carried,
 * never by reading a service's database.
 */
export async function checkInvariants(inputs: Inputs): Promise<InvariantResult[]> {
  return [
    await everyOrderTerminal(inputs),
    await oneInvoicePerDeliveredOrder(inputs),
    await inventoryConserved(inputs),
    await nothingLost(inputs),
    outsideWorldAnswered(inputs),
  ];
}

async function everyOrderTerminal({ clients, plans }: Inputs): Promise<InvariantResult> {
  const details: string[] = [];
  for (const [orderId, plan] of plans) {
    const order = await clients.orders.order(orderId);
    const expected = plan.cancel ? 'CANCELLED' : 'COMPLETED';
    if (order.status !== expected)
      details.push(`order ${orderId}: ${order.status}, expected ${expected}`);
  }
  return {
    name: 'every released order reaches exactly one terminal state (order API)',
    ok: details.length === 0,
    details,
  };
}

async function oneInvoicePerDeliveredOrder({
  clients,
  plans,
  tracker,
}: Inputs): Promise<InvariantResult> {
  const details: string[] = [];
  for (const [orderId, plan] of plans) {
    const invoices = (await clients.billing.invoicesOfOrder(orderId)).filter(
      (i) => i.status !== 'VOID',
    );
    const issued = invoices.filter((i) => i.status === 'ISSUED');
    const flow = tracker.flow(orderId);
    const delivered = (flow?.events.get('ShipmentDelivered')?.size ?? 0) > 0;
    if (plan.cancel || !delivered) {
      if (issued.length > 0) details.push(`order ${orderId}: invoiced without a delivery`);
      continue;
    }
    if (issued.length !== 1) {
      details.push(
        `order ${orderId}: ${issued.length} issued invoices (${invoices.length} in all)`,
      );
      continue;
    }
    const invoice = issued[0];
    const subtotal = orderValue(plan);
    if (invoice.subtotalMinor !== undefined && invoice.subtotalMinor !== subtotal) {
      details.push(
        `order ${orderId}: invoice subtotal ${invoice.subtotalMinor}, order lines ${subtotal}`,
      );
    }
    const { subtotalMinor = 0, freightMinor = 0, taxMinor = 0, totalMinor } = invoice;
    if (totalMinor !== subtotalMinor + freightMinor + taxMinor) {
      details.push(
        `order ${orderId}: total ${totalMinor} != ${subtotalMinor} + ${freightMinor} + ${taxMinor}`,
      );
    }
    if ((flow?.events.get('InvoiceIssued')?.size ?? 0) !== 1) {
      details.push(
        `order ${orderId}: ${flow?.events.get('InvoiceIssued')?.size ?? 0} InvoiceIssued events on the topic`,
      );
    }
  }
  return {
    name: 'every delivered order has exactly one invoice, none without a delivery; total = lines + freight + tax',
    ok: details.length === 0,
    details,
  };
}

async function inventoryConserved({
  clients,
  ledger,
  stockBefore,
}: Inputs): Promise<InvariantResult> {
  const details: string[] = [];
  const after = await stockSnapshot(clients);
  for (const [key, now] of after) {
    const before = stockBefore.get(key) ?? { onHand: 0, allocated: 0 };
    const expected =
      before.onHand + (ledger.received.get(key) ?? 0) - (ledger.shipped.get(key) ?? 0);
    if (now.onHand !== expected)
      details.push(
        `${key}: on-hand ${now.onHand}, expected ${expected} (before + received - shipped)`,
      );
    if (now.allocated !== before.allocated)
      details.push(`${key}: allocated ${now.allocated}, was ${before.allocated} before the run`);
    if (now.allocated > now.onHand || now.onHand < 0)
      details.push(`${key}: allocated ${now.allocated} > on-hand ${now.onHand}`);
  }
  return {
    name: 'inventory is conserved: on-hand + shipped = received, allocations return (inventory API)',
    ok: details.length === 0,
    details,
  };
}

async function nothingLost({ clients, metricsBefore }: Inputs): Promise<InvariantResult> {
  // Outboxes drain and consumers catch up within moments of the last event.
  let details: string[] = [];
  for (let attempt = 0; attempt < 30; attempt++) {
    details = [];
    const now = await runtimeMetrics(clients);
    for (const [key, value] of now) {
      const before = metricsBefore.get(key) ?? 0;
      if (key.endsWith('logisync_dead_letters_total') && value !== before)
        details.push(`${key}: ${value - before} new dead letters`);
      if (key.endsWith('logisync_outbox_backlog') && value !== 0)
        details.push(`${key}: ${value} unpublished`);
      if (key.endsWith('logisync_parked_events') && value !== 0)
        details.push(`${key}: ${value} parked`);
      if (key.endsWith('logisync_consumer_lag') && value !== 0)
        details.push(`${key}: lag ${value}`);
    }
    if (details.length === 0) break;
    await sleep(1_000);
  }
  return {
    name: 'no event lost: outboxes published, nothing parked or dead-lettered, consumers caught up (/metrics)',
    ok: details.length === 0,
    details,
  };
}

function outsideWorldAnswered({ ledger }: Inputs): InvariantResult {
  return {
    name: 'the services answered the outside world as the rules say (late cancels refused, ...)',
    ok: ledger.violations.length === 0,
    details: ledger.violations,
  };
}
