import type { EventTypeMap } from '@logisync/canonical-events';
import { ApiError } from '../clients/api-client';
import { planOrder, type OrderPlan } from '../plan/order-plan';
import type { SeededRandom } from '../plan/random';
import type { SimulationContext } from '../run/simulation-context';
import { sleep } from '../run/work-queue';

const SHIPPED_OR_LATER = new Set(['SHIPPED', 'IN_TRANSIT', 'DELIVERED', 'INVOICED', 'COMPLETED']);

/** ERP users: capture and approve orders at the configured rate; cancel some, early or too late. */
export class ErpDesk {
  private readonly cancelled = new Set<string>();

  constructor(
    private readonly ctx: SimulationContext,
    private readonly random: SeededRandom,
    private readonly runId: string,
  ) {}

  /** Creates the run's orders at `rate` per second; resolves when all were created. */
  async placeOrders(onCreated: (orderId: string, plan: OrderPlan) => void): Promise<void> {
    const { orders, rate } = this.ctx.options;
    const started = Date.now();
    for (let seq = 0; seq < orders; seq++) {
      const plan = planOrder(seq, this.ctx.options.rates, this.random);
      const due = started + (seq * 1000) / rate;
      if (due > Date.now()) await sleep(due - Date.now());
      this.ctx.work.push(`order ${seq}`, () => this.placeOrder(plan, onCreated));
    }
  }

  private async placeOrder(
    plan: OrderPlan,
    onCreated: (orderId: string, plan: OrderPlan) => void,
  ): Promise<void> {
    const customers = this.ctx.world.customers.get(plan.region.region)!;
    const created = await this.ctx.clients.orders.createOrder(
      {
        customerId: customers[plan.customerIndex % customers.length],
        channel: plan.channel,
        lines: plan.lines.map((l) => ({ ...l, currency: plan.region.currency })),
        shipTo: plan.shipTo,
        requestedDeliveryDate: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10),
        priority: plan.priority,
        region: plan.region.region,
      },
      `${this.runId}-${plan.seq}`,
    );
    this.ctx.plans.set(created.id, plan);
    onCreated(created.id, plan);
    await sleep(this.ctx.options.actorDelayMs);
    await this.ctx.clients.orders.approve(created.id);
    this.ctx.ledger.count('orders approved');
  }

  /**
   * An order planned for cancellation is cancelled once work on it has begun elsewhere: when a
   * carrier was tendered (the tender must be withdrawn), or while it waits for stock (the
   * shortage exception's other resolution). Its carrier never answers, so it cannot be loaded.
   */
  cancelIfPlanned(orderId: string, when: string): void {
    const plan = this.ctx.plans.get(orderId);
    if (!plan?.cancel || this.cancelled.has(orderId)) return;
    this.cancelled.add(orderId);
    this.ctx.work.push(`cancel ${orderId}`, async () => {
      await this.ctx.clients.orders.cancel(orderId, `Customer changed their mind (${when})`, when);
      this.ctx.ledger.count(`cancellations accepted ${when}`);
    });
  }

  /** A late cancellation after loading must be refused with 409 and a reason. */
  onLoaded(e: EventTypeMap['ShipmentLoaded']): void {
    if (this.ctx.plans.get(e.orderId)?.lateCancel) this.cancelOnceShipped(e.orderId);
  }

  /**
   * The ERP user acts on what the ERP shows: once it says the order has shipped. Order-service
   * applies ShipmentLoaded through its own consumer and announces nothing when it does, so the
   * user looks again whenever something next happens to the order (departure, transit, ...;
   * at the latest OrderCompleted, which order-service announces past SHIPPED), never on a timer.
   */
  private cancelOnceShipped(orderId: string): void {
    this.ctx.work.push(`late cancel ${orderId}`, async () => {
      // Listening before looking, so an event that comes while the ERP answers is not missed.
      const look: { state: 'looking' | 'an event came' | 'waiting' | 'done' } = {
        state: 'looking',
      };
      this.ctx.signals.onNext(orderId, () => {
        if (look.state === 'waiting') this.cancelOnceShipped(orderId);
        else if (look.state === 'looking') look.state = 'an event came';
      });
      const order = await this.ctx.clients.orders.order(orderId);
      if (!SHIPPED_OR_LATER.has(order.status)) {
        this.ctx.ledger.count('late cancel: ERP not yet showing shipped');
        if (look.state === 'an event came') this.cancelOnceShipped(orderId);
        look.state = look.state === 'an event came' ? 'done' : 'waiting';
        return;
      }
      look.state = 'done';
      try {
        await this.ctx.clients.orders.cancel(orderId, 'Too late: the truck has left', 'late');
        this.ctx.ledger.violations.push(`order ${orderId} was cancelled after ShipmentLoaded`);
      } catch (error) {
        if (error instanceof ApiError && error.status === 409)
          return this.ctx.ledger.count('late cancellations refused');
        throw error;
      }
    });
  }
}
