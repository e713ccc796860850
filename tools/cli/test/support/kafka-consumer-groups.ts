import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './run-cli';

const MAIN = 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand';
/** The stack's directory, as tools/stack reads it (STACK_DIR, else .stack). */
const STACK_DIR = process.env.STACK_DIR ?? join(REPO_ROOT, '.stack');

/** Kafka's own kafka-consumer-groups, run from the stack's jars. */
export function kafkaConsumerGroups(args: string[]): string {
  const r = spawnSync(
    'java',
    [
      '-Xmx256m',
      `-Dlog4j2.configurationFile=${join(STACK_DIR, 'kafka/config/tools-log4j2.xml')}`,
      '-cp',
      join(STACK_DIR, 'kafka/lib/*'),
      MAIN,
      '--bootstrap-server',
      (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',')[0],
      ...args,
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`kafka-consumer-groups failed: ${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** The rows of a kafka-consumer-groups table, keyed by its header names. */
export function parseColumns(text: string): Record<string, string>[] {
  const lines = text.split('\n').filter((l) => l.trim().length > 0);
  const headerAt = lines.findIndex((l) => /\bPARTITION\b/.test(l));
  if (headerAt < 0) return [];
  const headers = lines[headerAt].trim().split(/\s+/);
  return lines
    .slice(headerAt + 1)
    .filter((l) => !/\bPARTITION\b/.test(l))
    .map((l) => {
      const cells = l.trim().split(/\s+/);
      return Object.fromEntries(headers.map((h, i) => [h, cells[i]]));
    });
}
