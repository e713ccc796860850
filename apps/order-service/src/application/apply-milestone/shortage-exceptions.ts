import { Inject, Injectable } from '@nestjs/common';

import type { OutboxEntry } from '@logisync/event-runtime';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Milestone } from '../../domain/milestone';
import type { Order } from '../../domain/order';
import { OrderException } from '../../domain/order-exception';
import type { OrderEvent } from '../../domain/order-events';
import { TypeOrmOrderExceptionRepository } from '../../infrastructure/order-exception.repository';
import { exceptionRaised, exceptionResolved } from '../exception-events';

/**
 * The exception the order domain owns: a shortage hold, for the order desk to decide (wait for
 * stock or cancel). Opened with the hold; resolved by itself when the stock is allocated.
 */
@Injectable()
export class ShortageExceptions {
  constructor(
    @Inject(TypeOrmOrderExceptionRepository)
    private readonly exceptions: TypeOrmOrderExceptionRepository,
  ) {}

  async follow(
    tx: EntityManager,
    order: Order,
    events: OrderEvent[],
    milestone: Milestone,
    now: Date,
  ): Promise<OutboxEntry[]> {
    const entries: OutboxEntry[] = [];
    for (const e of events) {
      if (e.type === 'OrderHeld' && e.reason === 'ALLOCATION_SHORTAGE') {
        const details = e.detail ?? 'allocation failed: shortage';
        const exception = OrderException.shortage(randomUUID(), order.id, details, now);
        await this.exceptions.save(tx, exception);
        entries.push(exceptionRaised(exception, order, milestone.eventId));
      }
      if (e.type === 'OrderHoldReleased' && e.reason === 'ALLOCATION_SHORTAGE') {
        for (const open of await this.exceptions.openOf(tx, order.id)) {
          open.resolve(`${milestone.type}: stock allocated`, now);
          await this.exceptions.save(tx, open);
          entries.push(exceptionResolved(open, order.snapshot().region, milestone.eventId));
        }
      }
    }
    return entries;
  }
}
