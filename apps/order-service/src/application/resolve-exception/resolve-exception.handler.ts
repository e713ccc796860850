import { Inject, Injectable } from '@nestjs/common';
import { OutboxWriter } from '@logisync/event-runtime';
import { TypeOrmOrderExceptionRepository } from '../../infrastructure/order-exception.repository';
import { TypeOrmOrderRepository } from '../../infrastructure/order.repository';
import { UnitOfWork } from '../../infrastructure/unit-of-work';
import { exceptionResolved } from '../exception-events';

/** A person decides (wait for stock, or cancel through the order API) and says so here. */
@Injectable()
export class ResolveExceptionHandler {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(TypeOrmOrderExceptionRepository)
    private readonly exceptions: TypeOrmOrderExceptionRepository,
    @Inject(TypeOrmOrderRepository) private readonly orders: TypeOrmOrderRepository,
    @Inject(OutboxWriter) private readonly outbox: OutboxWriter,
  ) {}

  execute(exceptionId: string, resolution: string, resolvedBy: string) {
    return this.uow.run(async (tx) => {
      const exception = await this.exceptions.getForUpdate(tx, exceptionId);
      exception.resolve(resolution, new Date());
      await this.exceptions.save(tx, exception);
      const order = await this.orders.getForUpdate(tx, exception.state.orderId);
      const region = order.snapshot().region;
      await this.outbox.add(tx, exceptionResolved(exception, region, null, resolvedBy));
      return exception.state;
    });
  }
}
