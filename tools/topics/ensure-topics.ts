/**
 * npm run topics:ensure [-- --replication-factor N]
 * Creates the catalogue's topics that are missing and reports drift on the existing ones.
 * Exits 1 when a topic differs from the catalogue (it never alters a live topic).
 */
import { topicCatalogue } from '@logisync/canonical-events';
import {
  createKafka,
  ensureTopics,
  loadKafkaSecurity,
  silentLogger,
} from '@logisync/event-runtime';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    brokers: { type: 'string', default: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092' },
    'replication-factor': { type: 'string', default: process.env.KAFKA_REPLICATION_FACTOR ?? '1' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

async function main(): Promise<number> {
  if (values.help) {
    console.log(
      'Usage: npm run topics:ensure -- [--brokers host:port,...] [--replication-factor N]',
    );
    return 0;
  }
  const kafka = createKafka({
    ...loadKafkaSecurity(process.env),
    clientId: 'logisync-topics',
    brokers: values.brokers!.split(','),
    logger: silentLogger,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const report = await ensureTopics(admin, topicCatalogue, {
      replicationFactor: Number(values['replication-factor']),
    });
    for (const t of report.created) console.log(`created   ${t}`);
    for (const t of report.existing) console.log(`present   ${t}`);
    for (const d of report.drift) {
      console.log(
        `DRIFT     ${d.topic}: ${d.setting} is ${d.actual}, the catalogue says ${d.expected}`,
      );
    }
    return report.drift.length > 0 ? 1 : 0;
  } finally {
    await admin.disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`topics:ensure failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
