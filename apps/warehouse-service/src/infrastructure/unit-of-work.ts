import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

const retriedSqlStates = new Set(['40P01', '40001']);
const maxAttempts = 4;

function sqlStateOf(error: unknown): string | undefined {
  const e = error as { code?: unknown; driverError?: { code?: unknown } };
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The one place HTTP use cases open a transaction; repositories and the outbox get its `tx`.
 * A deadlock or serialization failure rolls everything back, so the work is run again whole.
 */
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

  async run<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.dataSource.transaction(work);
      } catch (error) {
        const state = sqlStateOf(error);
        if (attempt >= maxAttempts || !state || !retriedSqlStates.has(state)) throw error;
      }
    }
  }
}
