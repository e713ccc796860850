import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { connectEventTransport, exportTraces, JsonNestLogger } from '@logisync/event-runtime';
import { AppModule } from './app.module';
import { setUpOpenApi } from './api/http/open-api';
import { loadConfig } from './config';

async function bootstrap() {
  const config = loadConfig();
  exportTraces(config.service, config.otlpEndpoint);
  const app = await NestFactory.create(AppModule.register(config), {
    logger: new JsonNestLogger(config.service),
  });
  connectEventTransport(app);
  app.enableShutdownHooks();
  setUpOpenApi(app);
  await app.startAllMicroservices();
  await app.listen(config.port);
}

void bootstrap();
