import type { OutboxEntry } from '@logisync/event-runtime';
import { randomUUID } from 'node:crypto';
import type { Milestone } from '../../domain/milestone';
import type { Order } from '../../domain/order';
import { OrderException } from '../../domain/order-exception';
import type { OrderEvent } from '../../domain/order-events';
import { exceptionRaised, exceptionResolved } from '../exception-events';

/** Whether the order's events end a shortage hold: its open exceptions must be read first. */
export function endsShortage(events: readonly OrderEvent[]): boolean {
  return events.some((e) => e.type === 'OrderHoldReleased' && e.reason === 'ALLOCATION_SHORTAGE');
}

/**
 * The exceptions the order domain owns, followed over a set's milestones in memory: a shortage
 * hold opens one, for the order desk to decide (wait for stock or cancel); the allocation
 * resolves every open one of the order by itself. `open` holds each order's exceptions not yet
 * resolved (read before, or opened earlier in the set); `changed` collects what to write.
 */
export class ShortageExceptions {
  readonly changed: OrderException[] = [];

  constructor(private readonly open: Map<string, OrderException[]>) {}

  follow(order: Order, events: OrderEvent[], milestone: Milestone, now: Date): OutboxEntry[] {
    const entries: OutboxEntry[] = [];
    for (const e of events) {
      if (e.type === 'OrderHeld' && e.reason === 'ALLOCATION_SHORTAGE') {
        const details = e.detail ?? 'allocation failed: shortage';
        const exception = OrderException.shortage(randomUUID(), order.id, details, now);
        this.openOf(order.id).push(exception);
        this.changed.push(exception);
        entries.push(exceptionRaised(exception, order, milestone.eventId));
      }
      if (e.type === 'OrderHoldReleased' && e.reason === 'ALLOCATION_SHORTAGE') {
        for (const open of this.openOf(order.id).splice(0)) {
          open.resolve(`${milestone.type}: stock allocated`, now);
          this.changed.push(open);
          entries.push(exceptionResolved(open, order.snapshot().region, milestone.eventId));
        }
      }
    }
    return entries;
  }

  private openOf(orderId: string): OrderException[] {
    const open = this.open.get(orderId) ?? [];
    this.open.set(orderId, open);
    return open;
  }
}
