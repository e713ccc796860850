import type { EventTypeMap } from '@logisync/canonical-events';
import { ApiError } from '../clients/api-client';
import { SCARCE_SKU, SKUS, WAREHOUSES } from '../world/enterprise';
import type { SimulationContext } from '../run/simulation-context';
import { retryWithBackoff, sleep, type Backoff } from '../run/work-queue';

const conflict = (error: unknown) => error instanceof ApiError && error.status === 409;
/** The warehouse has not applied TenderAccepted yet: the shipment is unknown or still PLANNED. */
const acceptanceNotApplied = (error: unknown) =>
  error instanceof ApiError &&
  (error.status === 404 || error.code === 'SHIPMENT.TENDER_NOT_ACCEPTED');
/**
 * The one retry on something other than a failure: the simulator and warehouse-service read
 * TenderAccepted each through their own consumer, and the warehouse announces nothing when it
 * has applied it. Short first waits: it is usually a few milliseconds behind. The deadline
 * covers a warehouse restarted under a chaos run, whose consumer waits out its old session.
 */
const WAREHOUSE_CATCH_UP: Backoff = { firstDelayMs: 20, maxDelayMs: 1_000, giveUpAfterMs: 240_000 };
/** Receipts for one back-order before the floor gives up on it (each adds its shortfall). */
const MAX_RECEIPTS_PER_ORDER = 20;
const SKU_DATA = new Map([...SKUS, SCARCE_SKU].map((s) => [s.sku, s]));

/**
 * The warehouse floor's devices and the stock office: pick what was allocated, pack what was
 * picked, load what a carrier accepted, and receive stock for back-ordered lines.
 */
export class WarehouseFloor {
  private readonly picked = new Map<string, { sku: string; quantity: number }[]>();
  /** Back-ordered orders of this run: what they lack, where, and how many receipts they had. */
  private readonly waiting = new Map<
    string,
    { warehouseId: string; lines: { sku: string; quantity: number }[]; receipts: number }
  >();
  private receiptsInFlight = 0;

  constructor(private readonly ctx: SimulationContext) {}

  private receive(orderId: string): void {
    const waiting = this.waiting.get(orderId)!;
    const { warehouseId, lines } = waiting;
    const reference = `receipt-${orderId}-${++waiting.receipts}`;
    this.receiptsInFlight++;
    this.ctx.work.push(`receive for ${orderId}`, async () => {
      try {
        await sleep(this.ctx.options.actorDelayMs);
        const answer = await this.ctx.clients.warehouse.receive({ warehouseId, lines, reference });
        for (const line of lines)
          this.ctx.ledger.add(this.ctx.ledger.received, warehouseId, line.sku, line.quantity);
        this.ctx.ledger.count('shortage receipts');
        for (const allocated of answer?.allocatedBackorders ?? []) this.waiting.delete(allocated);
      } finally {
        if (--this.receiptsInFlight === 0) this.restockPassedOver();
      }
    });
  }

  /**
   * Another back-order may take a receipt meant for this one (allocation goes by priority,
   * then age). Each receipt's answer names the back-orders it allocated, so once every receipt
   * has answered, an order still waiting was passed over and gets stock again.
   */
  private restockPassedOver(): void {
    for (const [orderId, waiting] of this.waiting) {
      const flow = this.ctx.tracker.flow(orderId);
      // CREATED too: AllocationFailed (warehouse topic) can be read before OrderReleased.
      if (!flow || flow.cancelled || (flow.stage !== 'RELEASED' && flow.stage !== 'CREATED')) {
        this.waiting.delete(orderId);
      } else if (waiting.receipts >= MAX_RECEIPTS_PER_ORDER) {
        this.waiting.delete(orderId);
        this.ctx.work.failures.push({
          what: `receive for ${orderId}`,
          error: `still back-ordered after ${waiting.receipts} receipts`,
        });
      } else {
        this.ctx.ledger.count('restocks for passed-over back-orders');
        this.receive(orderId);
      }
    }
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
      await retryWithBackoff(
        () => this.ctx.clients.warehouse.load(e.shipmentId),
        acceptanceNotApplied,
        WAREHOUSE_CATCH_UP,
        () => this.ctx.ledger.count('loads before the warehouse applied TenderAccepted'),
      );
    });
  }

  onLoaded(e: EventTypeMap['ShipmentLoaded']): void {
    if (!this.ctx.plans.has(e.orderId)) return;
    for (const pkg of e.packages) {
      for (const line of pkg.lines)
        this.ctx.ledger.add(this.ctx.ledger.shipped, e.warehouseId, line.sku, line.quantity);
    }
  }

  /**
   * A shortage: the stock office receives what is missing in the order's region. Not for an
   * order the ERP cancels while it is back-ordered (the same event makes it cancel): a receipt
   * racing that cancellation could allocate the order first.
   */
  onAllocationFailed(e: EventTypeMap['AllocationFailed']): void {
    const plan = this.ctx.plans.get(e.orderId);
    if (!plan || plan.cancel || !e.backOrdered || this.waiting.has(e.orderId)) return;
    const warehouse = WAREHOUSES.find((w) => w.region === plan.region.region)!;
    const lines = e.shortLines
      .map((l) => ({
        sku: l.sku,
        quantity: Math.max(0, l.quantityRequested - l.quantityAvailable),
      }))
      .filter((l) => l.quantity > 0);
    if (lines.length === 0) return;
    this.waiting.set(e.orderId, { warehouseId: warehouse.id, lines, receipts: 0 });
    this.receive(e.orderId);
  }
}
