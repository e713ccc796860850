/**
 * Runs one service's own AppModule (its handlers, migrations and inbox) on a shadow database,
 * consuming from offset 0 in a consumer group of its own, with the outbox relay OFF: a rebuild
 * must never publish. Started by `logisync rebuild` as a child process (ts-node with SWC, for
 * the decorator metadata Nest needs); prints "ready <port>" once it consumes.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { connectEventTransport, silentLogger } from '@logisync/event-runtime';
import { join } from 'node:path';

interface ShadowSpec {
  service: string;
  databaseUrl: string;
  groupId: string;
  topics: string[];
  deadLetterTopic: string;
  namespace?: string;
}

async function main() {
  const spec = JSON.parse(process.env.LOGISYNC_SHADOW_SPEC ?? '{}') as ShadowSpec;
  const appDir = join(__dirname, '..', '..', '..', '..', '..', 'apps', spec.service, 'src');
  // The service's own code, found by its name: the CLI has no compile-time tie to any app.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { AppModule } = require(join(appDir, 'app.module'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadConfig } = require(join(appDir, 'config'));
  const config = {
    ...loadConfig({ ...process.env, DATABASE_URL: spec.databaseUrl, PORT: '65000' }),
    port: 0,
  };
  const module = AppModule.register(config, {
    consumer: { topics: spec.topics, groupId: spec.groupId, deadLetterTopic: spec.deadLetterTopic },
    relay: { enabled: false },
    topicName: (name: string) => (spec.namespace ? `${name}.${spec.namespace}` : name),
    logger: silentLogger,
  });
  const app = await NestFactory.create(module, { logger: false });
  connectEventTransport(app);
  app.enableShutdownHooks();
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  process.stdout.write(`ready ${new URL(await app.getUrl()).port}\n`);
}

main().catch((error) => {
  process.stderr.write(`shadow service failed: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
