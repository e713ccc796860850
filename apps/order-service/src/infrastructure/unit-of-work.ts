import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** The one place HTTP use cases open a transaction; repositories and the outbox get its `tx`. */
@Injectable()
export class UnitOfWork {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * For a command that reads in one statement and writes in one (CommandRead, CommandWrite):
   * each statement is a transaction of its own, the write atomic as any statement is.
   */
  get statements(): EntityManager {
    return this.dataSource.manager;
  }

  run<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
