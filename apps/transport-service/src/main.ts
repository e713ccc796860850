import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { connectEventTransport, exportTraces, JsonNestLogger } from '@logisync/event-runtime';
import { AppModule } from './app.module';
import { setUpOpenApi } from './api/http/open-api';
import { loadConfig } from './config';

async function bootstrap() {
  const config = loadConfig();
  exportTraces(config.service, config.otlpEndpoint);
  // rawBody: carrier webhooks are verified over the exact bytes received (req.rawBody).
  const app = await NestFactory.create(AppModule.register(config), {
    rawBody: true,
    logger: new JsonNestLogger(config.service),
  });
  connectEventTransport(app);
  app.enableShutdownHooks();
  setUpOpenApi(app);
  await app.startAllMicroservices();
  await app.listen(config.port);
}

void bootstrap();
