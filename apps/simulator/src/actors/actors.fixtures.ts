import { ApiError } from '../clients/api-client';
import type { ServiceClients } from '../clients/service-clients';
import { NO_TROUBLE, planOrder, type OrderPlan } from '../plan/order-plan';
import { SeededRandom } from '../plan/random';
import { FlowTracker } from '../run/flow-tracker';
import { OrderSignals } from '../run/order-signals';
import { ShipmentBook } from '../run/shipment-book';
import { Ledger, type SimulationContext } from '../run/simulation-context';
import { WorkQueue } from '../run/work-queue';

/** Test support for the actor specs (not compiled into the simulator: see build-services.ts). */

export type Answer = unknown | ApiError;

/**
 * The services as the actors see them: each method answers from a script the spec writes, in
 * order (the last answer repeats), and every call is recorded with its arguments. An ApiError
 * in the script is thrown, as the real client throws the services' problem answers.
 */
export class ScriptedServices {
  readonly calls: { method: string; args: unknown[] }[] = [];
  private readonly scripts = new Map<string, Answer[]>();
  private readonly hooks = new Map<string, () => void>();

  answer(method: string, ...answers: Answer[]): this {
    this.scripts.set(method, answers);
    return this;
  }

  /** Runs while the call is being answered (something happening meanwhile). */
  during(method: string, hook: () => void): this {
    this.hooks.set(method, hook);
    return this;
  }

  callsOf(method: string): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  private async call(method: string, args: unknown[]): Promise<unknown> {
    this.calls.push({ method, args });
    const script = this.scripts.get(method) ?? [undefined];
    const answer = script.length > 1 ? script.shift() : script[0];
    const hook = this.hooks.get(method);
    this.hooks.delete(method);
    await Promise.resolve();
    hook?.();
    if (answer instanceof ApiError) throw answer;
    return answer;
  }

  clients(): ServiceClients {
    const side = (name: string, methods: string[]) =>
      Object.fromEntries(
        methods.map((m) => [m, (...args: unknown[]) => this.call(`${name}.${m}`, args)]),
      );
    return {
      orders: side('orders', ['order', 'cancel', 'approve', 'createOrder']),
      warehouse: side('warehouse', ['pick', 'pack', 'load', 'receive']),
      transport: side('transport', ['respondToTender', 'reportMilestone', 'assignCarrier']),
      billing: side('billing', []),
      endpoints: {},
    } as unknown as ServiceClients;
  }
}

export const problem = (status: number, code: string, method = 'POST') =>
  new ApiError(method, 'http://service.test/', status, { code });

/** A happy-path plan with the given troubles. */
export function planWith(seq: number, troubles: Partial<OrderPlan>): OrderPlan {
  return { ...planOrder(seq, NO_TROUBLE, new SeededRandom(seq + 1)), ...troubles };
}

/** A simulation context around scripted services, with orders of the run already released. */
export function actorContext(services: ScriptedServices, plans: Record<string, OrderPlan>) {
  const tracker = new FlowTracker();
  let n = 0;
  for (const orderId of Object.keys(plans)) {
    tracker.track(orderId);
    tracker.observe({
      eventType: 'OrderReleased',
      eventId: `released-${++n}`,
      orderId,
      occurredAt: new Date(),
    });
  }
  const ctx: SimulationContext = {
    clients: services.clients(),
    options: {
      orders: Object.keys(plans).length,
      rate: 10,
      seed: 1,
      rates: NO_TROUBLE,
      actorDelayMs: 0,
      tenderTimeoutSeconds: 30,
      stallTimeoutMs: 60_000,
      concurrency: 8,
    },
    world: { customers: new Map() },
    plans: new Map(Object.entries(plans)),
    tracker,
    work: new WorkQueue(8),
    ledger: new Ledger(),
    shipments: new ShipmentBook(),
    signals: new OrderSignals(),
    publishCarrierMilestone: async () => undefined,
  };
  return ctx;
}
