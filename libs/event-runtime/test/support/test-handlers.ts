import type { EntityManager } from 'typeorm';
import { NonRetriableError, PrerequisiteMissingError, type EventHandler } from '../../src';

interface AnyEvent {
  orderId: string;
  meta: { eventId: string; eventType: string; tenant: string };
}

/** Knobs carried in meta.tenant so a test can make one event misbehave. */
export const Tenant = { normal: 'acme', reject: 'reject', slow: 'slow-40s' } as const;

async function recordEffect(tx: EntityManager, event: AnyEvent): Promise<void> {
  await tx.query('INSERT INTO effect (event_id, event_type, order_id) VALUES ($1, $2, $3)', [
    event.meta.eventId,
    event.meta.eventType,
    event.orderId,
  ]);
  await tx.query(
    `INSERT INTO order_counter (order_id, applied) VALUES ($1, 1)
     ON CONFLICT (order_id) DO UPDATE SET applied = order_counter.applied + 1`,
    [event.orderId],
  );
}

const apply: EventHandler<AnyEvent> = async (event, { tx }) => {
  if (event.meta.tenant === Tenant.reject) throw new NonRetriableError('rejected by the test');
  if (event.meta.tenant === Tenant.slow) await new Promise((r) => setTimeout(r, 40_000));
  await recordEffect(tx, event);
};

/** OrderCancelled needs the order's OrderReleased first, as billing needs order data. */
const applyAfterRelease: EventHandler<AnyEvent> = async (event, ctx) => {
  const released: unknown[] = await ctx.tx.query(
    `SELECT 1 FROM effect WHERE order_id = $1 AND event_type = 'OrderReleased'`,
    [event.orderId],
  );
  if (released.length === 0) throw new PrerequisiteMissingError('OrderReleased', event.orderId);
  await apply(event, ctx);
};

export const testHandlers = new Map<string, EventHandler<never>>([
  ['OrderReleased', apply as EventHandler<never>],
  ['OrderHeld', apply as EventHandler<never>],
  ['OrderHoldReleased', apply as EventHandler<never>],
  ['OrderCancelled', applyAfterRelease as EventHandler<never>],
]);
