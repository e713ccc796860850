/**
 * The test consumer in a process of its own, so a test can SIGKILL it. Prints "joined" once
 * it has partitions. CRASH_AFTER_TX=1 kills itself after the first database commit and before
 * the offset commit.
 */
import { ConfluentSchemaRegistryAdapter, EventCodec } from '@logisync/canonical-events';
import { stackEndpoints } from '@logisync/test-kit';
import { ConsumerRunner, createKafka, silentLogger } from '../../src';
import { openDataSource } from './runtime-fixture';
import { testHandlers } from './test-handlers';

async function main() {
  const dataSource = await openDataSource(process.env.CONSUMER_DATABASE_URL!);
  const runner = new ConsumerRunner({
    service: 'billing-service',
    kafka: createKafka({
      clientId: 'consumer-process',
      brokers: stackEndpoints.kafkaBrokers,
      logger: silentLogger,
    }),
    dataSource,
    codec: new EventCodec(new ConfluentSchemaRegistryAdapter({ url: stackEndpoints.registryUrl })),
    topics: [process.env.CONSUMER_TOPIC!],
    groupId: process.env.CONSUMER_GROUP!,
    deadLetterTopic: process.env.CONSUMER_DLQ!,
    handlers: testHandlers,
    maxEventsPerTransaction: 50,
    afterTransaction: () => {
      if (process.env.CRASH_AFTER_TX === '1') process.kill(process.pid, 'SIGKILL');
    },
  });
  await runner.start();
  const timer = setInterval(() => {
    if (runner.status().joins > 0) {
      process.stdout.write('joined\n');
      clearInterval(timer);
    }
  }, 50);
  process.on('SIGTERM', () => void runner.stop().then(() => process.exit(0)));
}

void main();
