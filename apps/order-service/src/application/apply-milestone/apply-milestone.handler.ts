import { Inject, Injectable } from '@nestjs/common';
import { NonRetriableError, OutboxWriter } from '@logisync/event-runtime';
import type { EntityManager } from 'typeorm';
import type { Milestone } from '../../domain/milestone';
import { TypeOrmOrderRepository } from '../../infrastructure/order.repository';
import { toOutboxEntries } from '../order-event.factory';
import { ShortageExceptions } from './shortage-exceptions';

/**
 * A milestone from another service, applied in the consumer's transaction. The order-service
 * is where orders come from: a milestone for an order it does not know, or never released,
 * can never become applicable, so it is dead-lettered rather than parked.
 */
@Injectable()
export class ApplyMilestoneHandler {
  constructor(
    @Inject(TypeOrmOrderRepository) private readonly orders: TypeOrmOrderRepository,
    @Inject(OutboxWriter) private readonly outbox: OutboxWriter,
    @Inject(ShortageExceptions) private readonly shortages: ShortageExceptions,
  ) {}

  async execute(tx: EntityManager, orderId: string, milestone: Milestone): Promise<void> {
    const order = await this.orders.find(tx, orderId, true);
    if (!order || order.progress === 'DRAFT') {
      throw new NonRetriableError(
        `${milestone.type} ${milestone.eventId} for order ${orderId}, which was never released`,
        'ORDER.UNKNOWN_ORDER',
      );
    }
    const now = new Date();
    const events = order.apply(milestone, now);
    await this.orders.update(tx, order, now);
    const entries = toOutboxEntries(order, events, milestone.eventId);
    entries.push(...(await this.shortages.follow(tx, order, events, milestone, now)));
    await this.outbox.addAll(tx, entries);
  }
}
