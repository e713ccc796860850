import type { Kafka } from 'kafkajs';
import { DataSource, type Logger } from 'typeorm';

/** Counts every statement a DataSource sends, transaction control included. */
export class StatementCounter implements Logger {
  readonly statements: string[] = [];

  logQuery(query: string): void {
    this.statements.push(query);
  }

  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}

  count(predicate: (statement: string) => boolean = () => true): number {
    return this.statements.filter(predicate).length;
  }

  reset(): void {
    this.statements.length = 0;
  }
}

/** A second DataSource on an already migrated database whose statements `counter` sees. */
export async function countingDataSource(url: string, counter: StatementCounter) {
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    logging: ['query'],
    logger: counter,
    extra: { max: 8 },
  });
  await dataSource.initialize();
  return dataSource;
}

/** The same Kafka client, except that its consumers report each OffsetCommit they send. */
export function commitCountingKafka(kafka: Kafka, onCommit: () => void): Kafka {
  const counting = Object.create(kafka) as Kafka;
  counting.consumer = (config) => {
    const consumer = kafka.consumer(config);
    consumer.on(consumer.events.COMMIT_OFFSETS, onCommit);
    return consumer;
  };
  return counting;
}
