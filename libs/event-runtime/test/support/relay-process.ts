/**
 * A relay in a process of its own, so a test can SIGKILL it. Prints "active" once it holds
 * the lock. CRASH_AFTER_SEND=1 kills itself between the Kafka send and the database mark.
 */
import { stackEndpoints } from '@logisync/test-kit';
import { createKafka, OutboxRelay, silentLogger } from '../../src';

const relay = new OutboxRelay({
  service: 'order-service',
  databaseUrl: process.env.RELAY_DATABASE_URL!,
  kafka: createKafka({
    clientId: 'relay-process',
    brokers: stackEndpoints.kafkaBrokers,
    logger: silentLogger,
  }),
  batchSize: Number(process.env.RELAY_BATCH_SIZE ?? 100),
  lockRetryMs: 200,
  afterSend: () => {
    if (process.env.CRASH_AFTER_SEND === '1') process.kill(process.pid, 'SIGKILL');
  },
});
relay.start();
const timer = setInterval(() => {
  if (relay.isActive()) {
    process.stdout.write('active\n');
    clearInterval(timer);
  }
}, 50);
process.on('SIGTERM', () => void relay.stop().then(() => process.exit(0)));
