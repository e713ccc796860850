import { OrderToAllocate } from './allocation';

export interface BackorderEntry {
  readonly order: OrderToAllocate;
  /** UTC epoch milliseconds of the first failed allocation; the age used for fairness. */
  readonly backorderedAt: number;
  /** Retry passes in a row in which the entry did not fit. */
  readonly skippedPasses: number;
  /** Passes during which stock of its SKUs has been held back for it. */
  readonly heldPasses: number;
}

export interface BackorderPolicy {
  /** Skipped this many passes, an entry is starving and its SKUs are held for it. */
  readonly starvationThreshold: number;
  /** A hold lasts at most this many passes, so an order that can never fit cannot block forever. */
  readonly maxHoldPasses: number;
}

export const defaultBackorderPolicy: BackorderPolicy = { starvationThreshold: 3, maxHoldPasses: 3 };

export type BackorderQueue = readonly BackorderEntry[];

/** Idempotent: a redelivered OrderReleased keeps the original age. */
export function enqueueBackorder(
  queue: BackorderQueue,
  order: OrderToAllocate,
  backorderedAt: number,
): BackorderQueue {
  if (queue.some((e) => e.order.orderId === order.orderId)) return queue;
  return [...queue, { order, backorderedAt, skippedPasses: 0, heldPasses: 0 }];
}

/** OrderCancelled while back-ordered: nothing is allocated, the order just leaves the queue. */
export function removeBackorder(queue: BackorderQueue, orderId: string): BackorderQueue {
  return queue.filter((e) => e.order.orderId !== orderId);
}

/** EXPRESS before STANDARD, then oldest first, then order id for a total, replayable order. */
export function compareBackorders(a: BackorderEntry, b: BackorderEntry): number {
  const rank = (e: BackorderEntry) => (e.order.priority === 'EXPRESS' ? 0 : 1);
  return (
    rank(a) - rank(b) ||
    a.backorderedAt - b.backorderedAt ||
    (a.order.orderId < b.order.orderId ? -1 : a.order.orderId > b.order.orderId ? 1 : 0)
  );
}

export function isStarving(entry: BackorderEntry, policy: BackorderPolicy): boolean {
  return entry.skippedPasses >= policy.starvationThreshold;
}
