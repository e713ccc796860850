import { Inject, Injectable } from '@nestjs/common';
import { OutboxWriter } from '@logisync/event-runtime';
import { InvalidStateError } from '../../domain';
import { TypeOrmWarehouseExceptionRepository } from '../../infrastructure/exception.repository';
import { UnitOfWork } from '../../infrastructure/unit-of-work';
import { TypeOrmWarehouseOrderRepository } from '../../infrastructure/warehouse-order.repository';
import { WarehouseExceptions } from '../warehouse-exceptions';

/** The stock office closes an exception (a short pick counted and corrected) with ExceptionResolved. */
@Injectable()
export class ResolveExceptionHandler {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(TypeOrmWarehouseExceptionRepository)
    private readonly rows: TypeOrmWarehouseExceptionRepository,
    @Inject(TypeOrmWarehouseOrderRepository)
    private readonly orders: TypeOrmWarehouseOrderRepository,
    @Inject(WarehouseExceptions) private readonly exceptions: WarehouseExceptions,
    @Inject(OutboxWriter) private readonly outbox: OutboxWriter,
  ) {}

  execute(exceptionId: string, resolution: string) {
    return this.uow.run(async (tx) => {
      const row = await this.rows.getForUpdate(tx, exceptionId);
      if (row.status !== 'OPEN') {
        throw new InvalidStateError(
          'EXCEPTION.INVALID_STATE',
          `exception ${exceptionId} is ${row.status}`,
          row.status,
        );
      }
      const order = await this.orders.getForUpdate(tx, row.orderId);
      const entry = await this.exceptions.resolve(tx, order, row, resolution, null, 'api');
      await this.outbox.add(tx, entry);
      return row;
    });
  }
}
