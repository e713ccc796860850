import { Inject, Injectable } from '@nestjs/common';
import { forEventInSet, NonRetriableError, OutboxWriter } from '@logisync/event-runtime';
import type { OutboxEntry } from '@logisync/event-runtime';
import type { EntityManager } from 'typeorm';
import type { Order } from '../../domain/order';
import type { OrderEvent } from '../../domain/order-events';
import { TypeOrmOrderExceptionRepository } from '../../infrastructure/order-exception.repository';
import {
  TypeOrmOrderRepository,
  type MilestonesWrite,
} from '../../infrastructure/order.repository';
import { toOutboxEntries } from '../order-event.factory';
import type { ConsumedMilestone } from './consumed-milestone';
import { endsShortage, ShortageExceptions } from './shortage-exceptions';

/** One milestone applied in memory, with what its order announced in reply. */
interface Applied {
  consumed: ConsumedMilestone;
  order: Order;
  events: OrderEvent[];
  entries: OutboxEntry[];
  now: Date;
}

/**
 * The milestones of a consumer transaction, applied as a set: every order they name is read
 * and locked in one statement, each order's milestones folded in set order with the order's
 * own status machine, then the orders, holds and timeline written in one statement, the
 * exceptions in one and every event announced in one outbox insert.
 *
 * The order-service is where orders come from: a milestone for an order it does not know, or
 * never released, can never become applicable, so it is dead-lettered rather than parked. That
 * is decided during the fold, before anything is written, and named for its event: the runtime
 * dead-letters it and applies the rest of the set again without it.
 */
@Injectable()
export class ApplyMilestonesHandler {
  constructor(
    @Inject(TypeOrmOrderRepository) private readonly orders: TypeOrmOrderRepository,
    @Inject(TypeOrmOrderExceptionRepository)
    private readonly exceptions: TypeOrmOrderExceptionRepository,
    @Inject(OutboxWriter) private readonly outbox: OutboxWriter,
  ) {}

  async execute(tx: EntityManager, milestones: readonly ConsumedMilestone[]): Promise<void> {
    if (milestones.length === 0) return;
    const orders = await this.orders.lockAll(
      tx,
      milestones.map((m) => m.orderId),
    );
    const writes = new Map<Order, MilestonesWrite>();
    const applied: Applied[] = [];
    for (const consumed of milestones) {
      const { milestone, orderId } = consumed;
      const order = await forEventInSet(milestone.eventId, () => {
        const found = orders.get(orderId.toLowerCase());
        if (found && found.progress !== 'DRAFT') return found;
        throw new NonRetriableError(
          `${milestone.type} ${milestone.eventId} for order ${orderId}, which was never released`,
          'ORDER.UNKNOWN_ORDER',
        );
      });
      const now = new Date();
      const events = order.apply(milestone, now);
      writes.set(order, { order, applied: (writes.get(order)?.applied ?? 0) + 1, now });
      const entries = toOutboxEntries(order, events, milestone.eventId);
      applied.push({ consumed, order, events, entries, now });
    }
    const shortages = await this.shortagesOf(tx, applied);
    const outbox: OutboxEntry[] = [];
    for (const { consumed, order, events, entries, now } of applied) {
      entries.push(...shortages.follow(order, events, consumed.milestone, now));
      // No span runs around a set: each event continues the trace of the one that caused it.
      outbox.push(...entries.map((entry) => ({ ...entry, traceparent: consumed.traceparent })));
    }
    await this.orders.writeMilestones(tx, [...writes.values()]);
    await this.exceptions.saveAll(tx, shortages.changed);
    await this.outbox.addAll(tx, outbox);
  }

  /** The open exceptions are read only for orders whose shortage hold ends in this set. */
  private async shortagesOf(tx: EntityManager, applied: readonly Applied[]) {
    const ending = applied.filter((a) => endsShortage(a.events)).map((a) => a.order.id);
    return new ShortageExceptions(await this.exceptions.openOfOrders(tx, [...new Set(ending)]));
  }
}
