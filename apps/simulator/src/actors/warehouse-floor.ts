import type { EventTypeMap } from '@logisync/canonical-events';
import { ApiError } from '../clients/api-client';
import { SCARCE_SKU, SKUS, WAREHOUSES } from '../world/enterprise';
import type { SimulationContext } from '../run/simulation-context';
import { retryWhile, sleep } from '../run/work-queue';

const conflict = (error: unknown) => error instanceof ApiError && error.status === 409;
const notYet = (error: unknown) =>
  error instanceof ApiError && (error.status === 404 || error.status === 409);
const SKU_DATA = new Map([...SKUS, SCARCE_SKU].map((s) => [s.sku, s]));

/**
 * The warehouse floor's devices and the stock office: pick what was allocated, pack what was
 * picked, load what a carrier accepted, and receive stock for back-ordered lines.
 */
export class WarehouseFloor {
  private readonly picked = new Map<string, { sku: string; quantity: number }[]>();
  /** Back-ordered orders of this run: what they lack, where, and when stock last came for them. */
  private readonly waiting = new Map<
    string,
    { warehouseId: string; lines: { sku: string; quantity: number }[]; receivedAt: number }
  >();

  constructor(private readonly ctx: SimulationContext) {}

  /**
   * Another back-order may take a receipt meant for this one (allocation goes by priority,
   * then age): an order still waiting a while after its receipt gets stock again.
   */
  restock(now = Date.now(), patienceMs = 3_000): void {
    for (const [orderId, waiting] of this.waiting) {
      const flow = this.ctx.tracker.flow(orderId);
      if (!flow || flow.cancelled || flow.stage !== 'RELEASED') {
        this.waiting.delete(orderId);
        continue;
      }
      if (now - waiting.receivedAt < patienceMs) continue;
      waiting.receivedAt = now;
      this.receive(orderId, waiting.warehouseId, waiting.lines, `restock-${orderId}-${now}`);
    }
  }

  private receive(
    orderId: string,
    warehouseId: string,
    lines: { sku: string; quantity: number }[],
    reference: string,
  ): void {
    this.ctx.work.push(`receive for ${orderId}`, async () => {
      await sleep(Math.max(this.ctx.options.actorDelayMs, 200));
      await this.ctx.clients.warehouse.receive({ warehouseId, lines, reference });
      for (const line of lines)
        this.ctx.ledger.add(this.ctx.ledger.received, warehouseId, line.sku, line.quantity);
      this.ctx.ledger.count('shortage receipts');
    });
  }

  onAllocated(e: EventTypeMap['InventoryAllocated']): void {
    this.waiting.delete(e.orderId);
    const plan = this.ctx.plans.get(e.orderId);
    if (!plan) return;
    this.ctx.work.push(`pick ${e.orderId}`, async () => {
      await sleep(this.ctx.options.actorDelayMs);
      const lines = e.lines.map((l) => ({ sku: l.sku, quantityPicked: l.quantity }));
      try {
        await this.ctx.clients.warehouse.pick(e.orderId, lines);
      } catch (error) {
        if (plan.cancel && conflict(error))
          return this.ctx.ledger.count('pick refused after cancel');
        throw error;
      }
    });
  }

  onPicked(e: EventTypeMap['OrderPicked']): void {
    const plan = this.ctx.plans.get(e.orderId);
    if (!plan) return;
    this.ctx.work.push(`pack ${e.orderId}`, async () => {
      await sleep(this.ctx.options.actorDelayMs);
      const lines = e.lines.map((l) => ({ sku: l.sku, quantity: l.quantityPicked }));
      this.picked.set(e.orderId, lines);
      const data = lines.map((l) => ({ line: l, sku: SKU_DATA.get(l.sku)! }));
      try {
        await this.ctx.clients.warehouse.pack(e.orderId, [
          {
            packageId: `PKG-${e.orderId.slice(0, 8)}-1`,
            weightGrams:
              data.reduce((sum, d) => sum + d.sku.weightGrams * d.line.quantity, 0) + 150,
            lengthMm: Math.max(...data.map((d) => d.sku.lengthMm)) + 20,
            widthMm: Math.max(...data.map((d) => d.sku.widthMm)) + 20,
            heightMm: data.reduce((sum, d) => sum + d.sku.heightMm * d.line.quantity, 0) + 20,
            lines,
          },
        ]);
      } catch (error) {
        if (plan.cancel && conflict(error))
          return this.ctx.ledger.count('pack refused after cancel');
        throw error;
      }
    });
  }

  onTenderAccepted(e: EventTypeMap['TenderAccepted']): void {
    const plan = this.ctx.plans.get(e.orderId);
    if (!plan || plan.cancel) return;
    this.ctx.work.push(`load ${e.shipmentId}`, async () => {
      await sleep(this.ctx.options.actorDelayMs);
      // The acceptance reaches the warehouse through the topic; until then the shipment is
      // unknown there (404) or not ready to load (409).
      await retryWhile(() => this.ctx.clients.warehouse.load(e.shipmentId), notYet, {
        attempts: 240,
        delayMs: 250,
      });
    });
  }

  onLoaded(e: EventTypeMap['ShipmentLoaded']): void {
    if (!this.ctx.plans.has(e.orderId)) return;
    for (const pkg of e.packages) {
      for (const line of pkg.lines)
        this.ctx.ledger.add(this.ctx.ledger.shipped, e.warehouseId, line.sku, line.quantity);
    }
  }

  /** A shortage: the stock office receives what is missing in the order's region. */
  onAllocationFailed(e: EventTypeMap['AllocationFailed']): void {
    const plan = this.ctx.plans.get(e.orderId);
    if (!plan || !e.backOrdered) return;
    const warehouse = WAREHOUSES.find((w) => w.region === plan.region.region)!;
    const lines = e.shortLines
      .map((l) => ({
        sku: l.sku,
        quantity: Math.max(0, l.quantityRequested - l.quantityAvailable),
      }))
      .filter((l) => l.quantity > 0);
    if (lines.length === 0) return;
    this.waiting.set(e.orderId, { warehouseId: warehouse.id, lines, receivedAt: Date.now() });
    this.receive(e.orderId, warehouse.id, lines, `receipt-${e.meta.eventId}`);
  }
}
