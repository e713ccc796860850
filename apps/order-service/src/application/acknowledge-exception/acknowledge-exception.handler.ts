import { Inject, Injectable } from '@nestjs/common';
import { TypeOrmOrderExceptionRepository } from '../../infrastructure/order-exception.repository';
import { UnitOfWork } from '../../infrastructure/unit-of-work';

@Injectable()
export class AcknowledgeExceptionHandler {
  constructor(
    @Inject(UnitOfWork) private readonly uow: UnitOfWork,
    @Inject(TypeOrmOrderExceptionRepository)
    private readonly exceptions: TypeOrmOrderExceptionRepository,
  ) {}

  execute(exceptionId: string) {
    return this.uow.run(async (tx) => {
      const exception = await this.exceptions.getForUpdate(tx, exceptionId);
      exception.acknowledge(new Date());
      await this.exceptions.save(tx, exception);
      return exception.state;
    });
  }
}
