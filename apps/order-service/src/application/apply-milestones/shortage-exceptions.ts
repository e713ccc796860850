import { derivedId } from '@logisync/canonical-events';
import type { OutboxEntry } from '@logisync/event-runtime';
import type { Milestone } from '../../domain/milestone';
import type { Order } from '../../domain/order';
import { OrderException } from '../../domain/order-exception';
import type { OrderEvent } from '../../domain/order-events';
import { exceptionRaised, exceptionResolved } from '../exception-events';

/**
 * The id of the shortage exception a milestone opens: a replay of the milestone opens the same
 * one. Unique because a milestone event is applied once per order (its eventId is unique on the
 * topics), and `ordinal` tells apart shortage holds of one application (there is at most one
 * today); a later AllocationFailed of the same order is another event, so another exception.
 */
export function shortageExceptionId(milestoneEventId: string, orderId: string, ordinal: number) {
  return derivedId(milestoneEventId, 'order-shortage-exception', orderId, String(ordinal));
}

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
    let holds = 0;
    for (const e of events) {
      if (e.type === 'OrderHeld' && e.reason === 'ALLOCATION_SHORTAGE') {
        const details = e.detail ?? 'allocation failed: shortage';
        const id = shortageExceptionId(milestone.eventId, order.id, holds++);
        const exception = OrderException.shortage(id, order.id, details, now);
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
